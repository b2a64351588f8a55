package cn.hotline.call.session;

import cn.hotline.call.prompt.PromptName;
import cn.hotline.call.prompt.SystemPrompt;
import org.jspecify.annotations.Nullable;

/**
 * What a caller refused at admission hears as early media before the final answer: the tenant's own prompt of that
 * name when its library has one, else the platform's ({@code sys.*}, or a configured file for the blacklist).
 */
public enum RefusalAnnouncement {
    /** Before the 603 of a blacklisted caller. */
    BLACKLISTED("blacklisted", SystemPrompt.DECLINED),
    /** Before the 486 of a call over the tenant's concurrent-call limit. */
    OVER_QUOTA("over-quota", SystemPrompt.OVER_QUOTA),
    /** Before the 404 of a number no tenant owns: there is no tenant, so always the platform's prompt. */
    UNKNOWN_NUMBER(null, SystemPrompt.UNKNOWN_NUMBER);

    private final @Nullable String tenantPrompt;
    private final SystemPrompt platform;

    RefusalAnnouncement(@Nullable String tenantPrompt, SystemPrompt platform) {
        this.tenantPrompt = tenantPrompt;
        this.platform = platform;
    }

    /** The name of the tenant's own prompt for it, if a tenant can have one. */
    public @Nullable PromptName tenantPrompt() {
        return tenantPrompt == null ? null : PromptName.of(tenantPrompt);
    }

    /** The platform's prompt for it. */
    public SystemPrompt platform() {
        return platform;
    }
}
