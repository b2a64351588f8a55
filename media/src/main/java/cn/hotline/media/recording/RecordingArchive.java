package cn.hotline.media.recording;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.storage.ObjectStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps recordings: a finished recording goes into the local spool with its metadata, then to the tenant's bucket
 * ({@code <prefix><tenant>}, object lock on, COMPLIANCE retention until {@code retention-until}). When the store is
 * down the recording stays in the spool and {@link #retrySpooled()} (run by {@link #retryEvery}) uploads it later, so
 * none is lost. Links to play or download are presigned and short-lived, and each is audited before it is handed out;
 * deletion before the retention ends, or under legal hold, is refused whatever the store would allow.
 */
public final class RecordingArchive {

    private static final Logger log = LoggerFactory.getLogger(RecordingArchive.class);
    private static final String CONTENT_TYPE = "audio/wav";

    private final ObjectStorage storage;
    private final RecordingAudit audit;
    private final Path spool;
    private final Clock clock;
    private final Settings settings;
    private final AtomicLong failedUploads = new AtomicLong();

    /**
     * @param retention how long recordings are kept (at least {@link RecordingMetadata#MIN_RETENTION})
     * @param linkValidity how long a play or download link works (at most 15 minutes)
     * @param bucketPrefix the tenant's bucket is this prefix followed by the tenant id
     */
    public record Settings(Duration retention, Duration linkValidity, String bucketPrefix) {
        public Settings {
            if (retention == null || retention.compareTo(RecordingMetadata.MIN_RETENTION) < 0) {
                throw new IllegalArgumentException("retention must be at least 366 days: " + retention);
            }
            if (linkValidity == null
                    || linkValidity.isNegative()
                    || linkValidity.isZero()
                    || linkValidity.compareTo(Duration.ofMinutes(15)) > 0) {
                throw new IllegalArgumentException("links must be short-lived (at most 15 minutes): " + linkValidity);
            }
            if (bucketPrefix == null || !bucketPrefix.matches("[a-z0-9][a-z0-9-]{0,20}")) {
                throw new IllegalArgumentException("bad bucket prefix: " + bucketPrefix);
            }
        }

        public static Settings defaults() {
            return new Settings(RecordingMetadata.MIN_RETENTION, Duration.ofMinutes(5), "rec-");
        }
    }

    public RecordingArchive(ObjectStorage storage, RecordingAudit audit, Path spool, Clock clock, Settings settings) {
        this.storage = storage;
        this.audit = audit;
        this.spool = spool;
        this.clock = clock;
        this.settings = settings;
    }

    public String bucket(TenantId tenant) {
        return settings.bucketPrefix() + tenant.value();
    }

    static String key(CallId call) {
        return "calls/" + call + ".wav";
    }

    /** Uploads that failed since start (each stays in the spool). */
    public long failedUploads() {
        return failedUploads.get();
    }

    /** Spools the recording with its metadata, then tries to upload it. */
    public Mono<ArchiveResult> archive(
            TenantId tenant, FinishedRecording finished, List<String> agents, Instant start, String codec) {
        return Mono.fromCallable(() -> spoolIn(tenant, finished, agents, start, codec))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(spooled -> upload(spooled.file(), spooled.metadata())
                        .<ArchiveResult>map(ArchiveResult.Uploaded::new)
                        .onErrorResume(error -> {
                            failedUploads.incrementAndGet();
                            log.warn(
                                    "recording of call {} stays in the spool ({}): {}",
                                    finished.call(),
                                    spooled.file(),
                                    error.toString());
                            return Mono.just(new ArchiveResult.Spooled(
                                    spooled.file(), spooled.metadata(), String.valueOf(error.getMessage())));
                        }));
    }

    private ArchiveResult.Spooled spoolIn(
            TenantId tenant, FinishedRecording finished, List<String> agents, Instant start, String codec)
            throws IOException {
        Path dir = Files.createDirectories(spool.resolve(tenant.value()));
        Path wav = dir.resolve(finished.call() + ".wav");
        if (!finished.file().toAbsolutePath().equals(wav.toAbsolutePath())) {
            Files.move(finished.file(), wav, StandardCopyOption.REPLACE_EXISTING);
        }
        RecordingMetadata metadata = new RecordingMetadata(
                tenant,
                finished.call(),
                agents,
                start,
                finished.duration(),
                codec,
                sha256(wav),
                start.plus(settings.retention()),
                finished.partial());
        Properties properties = new Properties();
        properties.putAll(metadata.toUserMetadata());
        Path sidecar = dir.resolve(finished.call() + ".properties");
        Path temporary = dir.resolve(finished.call() + ".properties.tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            properties.store(out, "recording waiting for upload");
        }
        Files.move(temporary, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ArchiveResult.Spooled(wav, metadata, "not uploaded yet");
    }

    private Mono<StoredRecording> upload(Path wav, RecordingMetadata metadata) {
        String bucket = bucket(metadata.tenant());
        String key = key(metadata.call());
        return storage.ensureLockedBucket(bucket)
                .then(storage.putFile(
                        bucket, key, wav, CONTENT_TYPE, metadata.toUserMetadata(), metadata.retentionUntil()))
                .then(Mono.fromCallable(() -> {
                            Files.deleteIfExists(wav.resolveSibling(metadata.call() + ".properties"));
                            Files.deleteIfExists(wav);
                            return new StoredRecording(bucket, key, metadata);
                        })
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    /** Uploads every recording waiting in the spool; those that fail again stay. */
    public Flux<StoredRecording> retrySpooled() {
        return Flux.defer(() -> Flux.fromIterable(pending()))
                .subscribeOn(Schedulers.boundedElastic())
                .concatMap(sidecar -> Mono.fromCallable(() -> readSidecar(sidecar))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(metadata -> upload(sidecar.resolveSibling(metadata.call() + ".wav"), metadata))
                        .onErrorResume(error -> {
                            failedUploads.incrementAndGet();
                            log.warn("spooled recording {} not uploaded yet: {}", sidecar, error.toString());
                            return Mono.empty();
                        }));
    }

    /** Retries the spool every {@code interval} until disposed. */
    public Disposable retryEvery(Duration interval) {
        return Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> retrySpooled().count())
                .subscribe(
                        uploaded -> {
                            if (uploaded > 0) {
                                log.info("uploaded {} spooled recordings", uploaded);
                            }
                        },
                        error -> log.error("spool retry stopped", error));
    }

    /** The recordings waiting in the spool (their metadata files). */
    public List<Path> pending() {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(spool, 2)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".properties"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordingMetadata readSidecar(Path sidecar) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(sidecar)) {
            properties.load(in);
        }
        Map<String, String> values = new java.util.LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return RecordingMetadata.fromUserMetadata(values);
    }

    /** The stored recording of a call of this tenant; {@code NOT_FOUND} when the tenant has none for that call. */
    public Mono<StoredRecording> find(TenantId tenant, CallId call) {
        String bucket = bucket(tenant);
        String key = key(call);
        return storage.stat(bucket, key)
                .onErrorResume(error -> isNoSuchBucket(error), error -> Mono.empty())
                .map(info -> new StoredRecording(bucket, key, RecordingMetadata.fromUserMetadata(info.metadata())))
                .filter(found -> found.metadata().tenant().equals(tenant))
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "no recording of call " + call, Map.of("call", call.toString()))));
    }

    /**
     * A short-lived link to play or download the recording; the audit entry is written first, and without it there is
     * no link.
     */
    public Mono<URI> link(TenantId tenant, CallId call, String who, AuditEntry.Action action, String why) {
        if (action != AuditEntry.Action.PLAY && action != AuditEntry.Action.DOWNLOAD) {
            return Mono.error(new IllegalArgumentException("a link is for PLAY or DOWNLOAD, not " + action));
        }
        return find(tenant, call)
                .flatMap(found -> audit.append(new AuditEntry(tenant, call, who, action, why, clock.instant()))
                        .then(storage.presignedGet(found.bucket(), found.key(), settings.linkValidity())));
    }

    /** Deletes a recording whose retention has ended and that is not under legal hold; otherwise refuses. */
    public Mono<Void> delete(TenantId tenant, CallId call, String who, String why) {
        // Fail closed: a hold that cannot be read counts as a hold.
        return find(tenant, call).flatMap(found -> storage.isUnderLegalHold(found.bucket(), found.key())
                .onErrorReturn(true)
                .flatMap(held -> {
                    Instant now = clock.instant();
                    Instant until = found.metadata().retentionUntil();
                    if (held || now.isBefore(until)) {
                        String reason = held ? "it is under legal hold" : "it is retained until " + until;
                        return audit.append(
                                        new AuditEntry(tenant, call, who, AuditEntry.Action.DELETE_REFUSED, why, now))
                                .then(Mono.error(new ProblemException(
                                        ProblemCode.CONFLICT,
                                        "the recording of call " + call + " cannot be deleted: " + reason,
                                        Map.of(
                                                "rule",
                                                "recording-retention",
                                                "retainedUntil",
                                                until.toString(),
                                                "legalHold",
                                                held))));
                    }
                    return audit.append(new AuditEntry(tenant, call, who, AuditEntry.Action.DELETE, why, now))
                            .then(storage.delete(found.bucket(), found.key()));
                }));
    }

    /** Puts a recording under legal hold (the store's, where it has object lock); audited. */
    public Mono<Void> legalHold(TenantId tenant, CallId call, String who, String why) {
        return find(tenant, call).flatMap(found -> audit.append(
                        new AuditEntry(tenant, call, who, AuditEntry.Action.LEGAL_HOLD, why, clock.instant()))
                .then(storage.legalHold(found.bucket(), found.key())));
    }

    /** The expiry job for one tenant: removes recordings past their retention, except those under legal hold. */
    public Flux<CallId> expire(TenantId tenant) {
        String bucket = bucket(tenant);
        return storage.list(bucket, "calls/")
                .onErrorResume(error -> isNoSuchBucket(error), error -> Flux.empty())
                .concatMap(key -> storage.stat(bucket, key)
                        .filter(info -> !info.legalHold())
                        .map(info -> RecordingMetadata.fromUserMetadata(info.metadata()))
                        .filter(metadata -> !clock.instant().isBefore(metadata.retentionUntil()))
                        // Fail closed: a hold that cannot be read counts as a hold.
                        .filterWhen(metadata -> storage.isUnderLegalHold(bucket, key)
                                .onErrorReturn(true)
                                .map(held -> !held)))
                .concatMap(metadata -> audit.append(new AuditEntry(
                                tenant,
                                metadata.call(),
                                "expiry-job",
                                AuditEntry.Action.EXPIRED,
                                "retention ended " + metadata.retentionUntil(),
                                clock.instant()))
                        .then(storage.delete(bucket, key(metadata.call())))
                        .thenReturn(metadata.call()));
    }

    private static boolean isNoSuchBucket(Throwable error) {
        Throwable cause = error;
        while (cause != null) {
            if (cause instanceof io.minio.errors.ErrorResponseException response
                    && "NoSuchBucket".equals(response.errorResponse().code())) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
