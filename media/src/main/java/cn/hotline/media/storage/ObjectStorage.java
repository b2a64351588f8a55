package cn.hotline.media.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.net.URI;
import java.time.Duration;
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
