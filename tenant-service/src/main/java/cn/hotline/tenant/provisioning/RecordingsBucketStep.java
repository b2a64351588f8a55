package cn.hotline.tenant.provisioning;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.SetBucketVersioningArgs;
import io.minio.SetObjectLockConfigurationArgs;
import io.minio.messages.ObjectLockConfiguration;
import io.minio.messages.RetentionMode;
import io.minio.messages.VersioningConfiguration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Creates the tenant's recordings bucket {@code <prefix><slug>} with object lock enabled, turns versioning on and sets
 * a default retention of {@code retention-days} (≥ 366) in COMPLIANCE mode, so no recording version can be deleted or
 * overwritten before it expires — not even by deactivating the tenant. Uses MinIO's asynchronous client; every call is
 * safe to repeat.
 */
@Component
class RecordingsBucketStep implements ProvisioningStep {

    private final MinioAsyncClient storage;
    private final ProvisioningProperties.Storage properties;

    RecordingsBucketStep(MinioAsyncClient storage, ProvisioningProperties properties) {
        this.storage = storage;
        this.properties = properties.storage();
    }

    /** The recordings bucket of a tenant. */
    static String bucket(String prefix, String slug) {
        return prefix + slug;
    }

    @Override
    public String name() {
        return "storage.recordings-bucket";
    }

    @Override
    public int order() {
        return ORDER_STORAGE;
    }

    @Override
    public Mono<Void> apply(TenantSpec spec) {
        String bucket = bucket(properties.bucketPrefix(), spec.slug().value());
        return call(() -> storage.bucketExists(
                        BucketExistsArgs.builder().bucket(bucket).build()))
                .flatMap(exists -> exists
                        ? Mono.empty()
                        : call(() -> storage.makeBucket(MakeBucketArgs.builder()
                                        .bucket(bucket)
                                        .objectLock(true)
                                        .build()))
                                .then())
                .then(call(() -> storage.setBucketVersioning(SetBucketVersioningArgs.builder()
                        .bucket(bucket)
                        .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null, null, null))
                        .build())))
                .then(call(() -> storage.setObjectLockConfiguration(SetObjectLockConfigurationArgs.builder()
                        .bucket(bucket)
                        .config(new ObjectLockConfiguration(
                                RetentionMode.COMPLIANCE,
                                new ObjectLockConfiguration.RetentionDurationDays(properties.retentionDays())))
                        .build())))
                .then();
    }

    private static <T> Mono<T> call(Supplier<CompletableFuture<T>> future) {
        return Mono.fromFuture(future)
                .publishOn(Schedulers.boundedElastic())
                .onErrorMap(
                        java.util.concurrent.CompletionException.class, e -> e.getCause() == null ? e : e.getCause());
    }
}
