package cn.hotline.call.prompt;

import cn.hotline.kernel.id.TenantId;
import reactor.core.publisher.Flux;

/**
 * Who uses a prompt: implemented by the IVR trees (their published versions). The library refuses to delete a prompt
 * that has a use. Runs inside the library's delete transaction, after the prompt's row is locked.
 */
public interface PromptUsage {

    /** Human-readable uses, e.g. {@code ivr tree main version 3}; empty when none. */
    Flux<String> usesOf(TenantId tenant, PromptName prompt);
}
