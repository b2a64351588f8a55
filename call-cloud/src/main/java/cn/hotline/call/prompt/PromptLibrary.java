package cn.hotline.call.prompt;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.media.port.Prompt;
import cn.hotline.media.storage.ObjectStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant's prompt library: upload (any common WAV, converted to 8 kHz mono in the configured encoding), text to
 * speech, list, delete (refused while a published IVR version uses the prompt), and resolving prompt names into what
 * the {@code MediaServer} port plays. Files live in the tenant's prompt bucket ({@code <bucket-prefix><tenant>}, key
 * {@code prompts/<name>.wav}, default {@code cc-prompt-<tenant>}); metadata in {@code cc_call.prompt}.
 */
public final class PromptLibrary {

    public static final int MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

    private final PromptStore store;
    private final TransactionalOperator tx;
    private final ObjectStorage storage;
    private final AudioConversion conversion;
    private final TextToSpeech speech;
    private final SystemPrompts system;
    private final Supplier<List<PromptUsage>> usages;
    private final PromptProperties properties;

    PromptLibrary(
            PromptStore store,
            TransactionalOperator tx,
            ObjectStorage storage,
            AudioConversion conversion,
            TextToSpeech speech,
            SystemPrompts system,
            Supplier<List<PromptUsage>> usages,
            PromptProperties properties) {
        this.store = store;
        this.tx = tx;
        this.storage = storage;
        this.conversion = conversion;
        this.speech = speech;
        this.system = system;
        this.usages = usages;
        this.properties = properties;
    }

    /** Converts and stores an uploaded WAV under {@code name}, replacing a prompt of that name. */
    public Mono<PromptInfo> upload(TenantId tenant, PromptName name, byte[] content) {
        return store(tenant, name, content, "UPLOAD", null);
    }

    /** Speaks {@code text} with the text-to-speech port and stores it under {@code name}. */
    public Mono<PromptInfo> synthesise(TenantId tenant, PromptName name, String text) {
        if (text.isBlank() || text.length() > 500) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "text must be 1-500 characters"));
        }
        return speech.speak(text).flatMap(wav -> store(tenant, name, wav, "TTS", text));
    }

    private Mono<PromptInfo> store(
            TenantId tenant, PromptName name, byte[] content, String source, @Nullable String text) {
        if (name.isSystem()) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "names starting with '" + SystemPrompt.PREFIX + "' belong to the platform's system prompts"));
        }
        if (content.length == 0) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "the file is empty"));
        }
        if (content.length > MAX_UPLOAD_BYTES) {
            return Mono.error(new ProblemException(
                    ProblemCode.PAYLOAD_TOO_LARGE, "a prompt file may have at most " + MAX_UPLOAD_BYTES + " bytes"));
        }
        String bucket = PromptStore.bucket(properties.bucketPrefix(), tenant);
        String key = properties.keyPrefix() + name.value() + ".wav";
        return conversion
                .convert(content)
                .onErrorMap(
                        AudioConversion.NotAudio.class,
                        e -> new ProblemException(
                                ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                                "Upload a WAV file (any common rate, mono or stereo): " + e.getMessage()))
                .flatMap(converted -> storage.ensureBucket(bucket)
                        .then(storage.put(bucket, key, converted.wav(), "audio/wav"))
                        .then(inTenant(
                                tenant,
                                store.upsert(
                                        new PromptInfo(
                                                name.value(),
                                                source,
                                                text,
                                                conversion.format(),
                                                converted.info().duration().toMillis(),
                                                converted.wav().length,
                                                Instant.EPOCH),
                                        key))));
    }

    public Flux<PromptInfo> list(TenantId tenant) {
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(store.list()));
    }

    /** The names of the tenant's prompts (for validating IVR definitions). */
    public Mono<Set<String>> names(TenantId tenant) {
        return list(tenant).map(PromptInfo::name).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Deletes a prompt: 404 {@code NOT_FOUND} when there is none, 409 {@code CONFLICT} (with {@code usedBy}) while a
     * published IVR version uses it. The row is locked first, so publishing cannot slip in between check and delete.
     */
    public Mono<Void> delete(TenantId tenant, PromptName name) {
        Mono<String> work = store.lockForDelete(name)
                .switchIfEmpty(
                        Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No prompt '" + name + "'.")))
                .flatMap(key -> Flux.defer(() -> Flux.fromIterable(usages.get()))
                        .concatMap(usage -> usage.usesOf(tenant, name))
                        .collectList()
                        .flatMap(uses -> uses.isEmpty()
                                ? store.delete(name).thenReturn(key)
                                : Mono.error(new ProblemException(
                                        ProblemCode.CONFLICT,
                                        "Prompt '" + name + "' is used by " + String.join(", ", uses)
                                                + "; publish versions without it first.",
                                        Map.of("usedBy", uses)))));
        return inTenant(tenant, work)
                .flatMap(key -> storage.delete(PromptStore.bucket(properties.bucketPrefix(), tenant), key));
    }

    /**
     * What the media server plays for these prompt names, in order: tenant prompts as presigned links into the
     * tenant's bucket, system prompts ({@code sys.*}) as local files. One name gives a file, several a sequence.
     */
    public Mono<Prompt> resolve(TenantId tenant, List<PromptName> names) {
        if (names.isEmpty()) {
            return Mono.error(new IllegalArgumentException("nothing to play"));
        }
        return Flux.fromIterable(names)
                .concatMap(name -> file(tenant, name))
                .collectList()
                .map(files -> files.size() == 1 ? files.getFirst() : new Prompt.Sequence(files));
    }

    /** An announcement made of system prompts (position, estimated wait). */
    public Mono<Prompt> announcement(List<SystemPrompt> prompts) {
        return Flux.fromIterable(prompts)
                .concatMap(p -> system.file(p).map(path -> new Prompt.File(path.toUri())))
                .collectList()
                .map(files -> files.size() == 1 ? files.getFirst() : new Prompt.Sequence(files));
    }

    /** The tenant's music on hold ({@code moh} in its library) or the platform's. */
    public Mono<Prompt.Music> musicOnHold(TenantId tenant) {
        return file(tenant, PromptName.of("moh"))
                .map(file -> new Prompt.Music(file.location()))
                .onErrorResume(ProblemException.class, e -> system.file(SystemPrompt.MUSIC_ON_HOLD)
                        .map(path -> new Prompt.Music(path.toUri())));
    }

    private Mono<Prompt.File> file(TenantId tenant, PromptName name) {
        if (name.isSystem()) {
            return Mono.justOrEmpty(SystemPrompt.named(name.value()))
                    .switchIfEmpty(Mono.error(
                            () -> new ProblemException(ProblemCode.NOT_FOUND, "No system prompt '" + name + "'.")))
                    .flatMap(system::file)
                    .map(path -> new Prompt.File(path.toUri()));
        }
        return inTenant(tenant, store.objectKey(name))
                .switchIfEmpty(
                        Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No prompt '" + name + "'.")))
                .flatMap(key -> storage.presignedGet(
                        PromptStore.bucket(properties.bucketPrefix(), tenant), key, properties.linkValidity()))
                .map(Prompt.File::new);
    }

    public SystemPrompts systemPrompts() {
        return system;
    }

    /** In one transaction bound to the tenant (the kernel's guard runs nothing outside one). */
    private <T> Mono<T> inTenant(TenantId tenant, Mono<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }

    static Duration defaultLinkValidity() {
        return Duration.ofHours(2);
    }
}
