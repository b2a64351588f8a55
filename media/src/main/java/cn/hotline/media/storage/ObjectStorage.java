package cn.hotline.media.storage;

import io.minio.BucketExistsArgs;
import io.minio.EnableObjectLegalHoldArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.IsObjectLegalHoldEnabledArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import io.minio.messages.Retention;
import io.minio.messages.RetentionMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The platform's view of an S3-compatible store: buckets, objects and presigned links. Built on
 * MinIO's asynchronous client; the one synchronous call (signing a link) runs on the bounded
 * elastic scheduler.
 */
public final class ObjectStorage {

    private final MinioAsyncClient client;

    public ObjectStorage(MinioAsyncClient client) {
        this.client = client;
    }

    /** Creates the bucket unless it exists. */
    public Mono<Void> ensureBucket(String bucket) {
        return Mono.fromFuture(() -> client.bucketExists(
                        BucketExistsArgs.builder().bucket(bucket).build()))
                .flatMap(exists -> exists
                        ? Mono.empty()
                        : Mono.fromFuture(() -> client.makeBucket(
                                        MakeBucketArgs.builder().bucket(bucket).build()))
                                .then());
    }

    /** Creates the bucket unless it exists, with S3 object lock enabled (retention and legal hold need it). */
    public Mono<Void> ensureLockedBucket(String bucket) {
        return Mono.fromFuture(() -> client.bucketExists(
                        BucketExistsArgs.builder().bucket(bucket).build()))
                .flatMap(exists -> exists
                        ? Mono.empty()
                        : Mono.fromFuture(() -> client.makeBucket(MakeBucketArgs.builder()
                                        .bucket(bucket)
                                        .objectLock(true)
                                        .build()))
                                .then());
    }

    /**
     * Uploads a file with user metadata ({@code x-amz-meta-*}) and, when {@code retainUntil} is given, a COMPLIANCE
     * retention (the bucket must have object lock). Reading the file runs on the bounded elastic scheduler.
     */
    public Mono<String> putFile(
            String bucket,
            String key,
            Path file,
            String contentType,
            Map<String, String> metadata,
            @Nullable Instant retainUntil) {
        return Mono.fromCallable(() -> Files.readAllBytes(file))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(content -> {
                    PutObjectArgs.Builder args = PutObjectArgs.builder()
                            .bucket(bucket)
                            .object(key)
                            .data(content, content.length)
                            .contentType(contentType)
                            .userMetadata(metadata);
                    if (retainUntil != null) {
                        args.retention(new Retention(RetentionMode.COMPLIANCE, retainUntil.atZone(ZoneOffset.UTC)));
                    }
                    return Mono.fromFuture(() -> client.putObject(args.build()));
                })
                .map(response -> String.valueOf(response.etag()));
    }

    /** An object's size, user metadata (keys lower-case, without {@code x-amz-meta-}) and lock state. */
    public record ObjectInfo(
            long size, Map<String, String> metadata, @Nullable Instant retainUntil, boolean legalHold) {}

    /** The object's description, or empty when there is no such object. */
    public Mono<ObjectInfo> stat(String bucket, String key) {
        return Mono.fromFuture(() -> client.statObject(
                        StatObjectArgs.builder().bucket(bucket).object(key).build()))
                .map(ObjectStorage::info)
                .onErrorResume(ObjectStorage::isNoSuchKey, error -> Mono.empty());
    }

    private static ObjectInfo info(StatObjectResponse response) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : response.userMetadata()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            metadata.put(
                    name.startsWith("x-amz-meta-") ? name.substring("x-amz-meta-".length()) : name, header.getValue());
        }
        return new ObjectInfo(
                response.size(),
                metadata,
                response.lockRetainUntilDate() == null
                        ? null
                        : response.lockRetainUntilDate().toInstant(),
                response.lockLegalHold() != null && response.lockLegalHold().status());
    }

    private static boolean isNoSuchKey(Throwable error) {
        Throwable cause = error;
        while (cause != null) {
            if (cause instanceof io.minio.errors.ErrorResponseException response
                    && ("NoSuchKey".equals(response.errorResponse().code())
                            || "NoSuchObject".equals(response.errorResponse().code())
                            || "NotFound".equals(response.errorResponse().code()))) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }

    /** Puts the object under legal hold: nothing deletes it, whatever its retention says. */
    public Mono<Void> legalHold(String bucket, String key) {
        return Mono.fromFuture(() -> client.enableObjectLegalHold(
                EnableObjectLegalHoldArgs.builder().bucket(bucket).object(key).build()));
    }

    /**
     * Whether the object is under legal hold; an object without any lock configuration is not (S3 answers
     * {@code NoSuchObjectLockConfiguration}, S3Mock {@code NotFound}).
     */
    public Mono<Boolean> isUnderLegalHold(String bucket, String key) {
        return Mono.fromFuture(() -> client.isObjectLegalHoldEnabled(IsObjectLegalHoldEnabledArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .build()))
                .onErrorResume(ObjectStorage::isNoLockConfiguration, error -> Mono.just(false));
    }

    private static boolean isNoLockConfiguration(Throwable error) {
        Throwable cause = error;
        while (cause != null) {
            if (cause instanceof io.minio.errors.ErrorResponseException response) {
                String code = response.errorResponse().code();
                String message = String.valueOf(response.errorResponse().message());
                return "NoSuchObjectLockConfiguration".equals(code)
                        || ("NotFound".equals(code) && message.contains("ObjectLock configuration"));
            }
            cause = cause.getCause();
        }
        return false;
    }

    /** The keys under {@code prefix}; the client pages synchronously, so this runs on the bounded elastic scheduler. */
    public Flux<String> list(String bucket, String prefix) {
        return Flux.defer(() -> {
                    Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                            .bucket(bucket)
                            .prefix(prefix)
                            .recursive(true)
                            .build());
                    return Flux.fromIterable(results).map(result -> {
                        try {
                            return result.get().objectName();
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot list " + bucket, e);
                        }
                    });
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<String> put(String bucket, String key, byte[] content, String contentType) {
        return Mono.fromFuture(() -> client.putObject(PutObjectArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .data(content, content.length)
                        .contentType(contentType)
                        .build()))
                .map(response -> String.valueOf(response.etag()));
    }

    /** A link that lets whoever holds it GET the object until it expires. */
    public Mono<URI> presignedGet(String bucket, String key, Duration validFor) {
        return Mono.fromCallable(() -> URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                        .method(Http.Method.GET)
                        .bucket(bucket)
                        .object(key)
                        .expiry((int) validFor.toSeconds())
                        .build())))
                .subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Void> delete(String bucket, String key) {
        return Mono.fromFuture(() -> client.removeObject(
                        RemoveObjectArgs.builder().bucket(bucket).object(key).build()))
                .then();
    }
}
