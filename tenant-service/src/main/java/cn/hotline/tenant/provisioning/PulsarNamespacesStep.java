package cn.hotline.tenant.provisioning;

import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.common.policies.data.BacklogQuota;
import org.apache.pulsar.common.policies.data.PublishRate;
import org.apache.pulsar.common.policies.data.TenantInfo;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Gives the tenant its own Pulsar tenant (same name as the slug) with the namespaces of {@code
 * cc.tenant.provisioning.pulsar.namespaces} ({@code calls}, {@code tickets}, {@code city}, {@code notices}), each with a backlog quota (producers are held when it is full) and a publish-rate limit. Uses the
 * admin client's asynchronous API; "already exists" counts as success, and the policies are set every time, so a
 * repeat converges.
 */
@Component
class PulsarNamespacesStep implements ProvisioningStep {

    private final PulsarAdmin admin;
    private final ProvisioningProperties.Pulsar properties;

    PulsarNamespacesStep(PulsarAdmin admin, ProvisioningProperties properties) {
        this.admin = admin;
        this.properties = properties.pulsar();
    }

    @Override
    public String name() {
        return "pulsar.namespaces";
    }

    @Override
    public int order() {
        return ORDER_PULSAR;
    }

    @Override
    public Mono<Void> apply(TenantSpec spec) {
        String tenant = spec.slug().value();
        return call(() -> admin.clusters().getClustersAsync())
                .flatMap(clusters -> ignoreConflict(call(() -> admin.tenants()
                        .createTenantAsync(
                                tenant,
                                TenantInfo.builder()
                                        .allowedClusters(new HashSet<>(clusters))
                                        .build()))))
                .thenMany(Flux.fromIterable(properties.namespaces())
                        .concatMap(namespace -> namespace(tenant + "/" + namespace)))
                .then();
    }

    private Mono<Void> namespace(String namespace) {
        BacklogQuota backlog = BacklogQuota.builder()
                .limitSize(properties.backlogQuotaBytes())
                .retentionPolicy(BacklogQuota.RetentionPolicy.producer_request_hold)
                .build();
        PublishRate rate =
                new PublishRate(properties.publishRateMessagesPerSecond(), properties.publishRateBytesPerSecond());
        return ignoreConflict(call(() -> admin.namespaces().createNamespaceAsync(namespace)))
                .then(call(() -> admin.namespaces().setBacklogQuotaAsync(namespace, backlog)))
                .then(call(() -> admin.namespaces().setPublishRateAsync(namespace, rate)));
    }

    private static <T> Mono<T> call(Supplier<CompletableFuture<T>> future) {
        // the SDK blocks while it starts a call (authentication data, DNS): start it on boundedElastic, and continue
        // there rather than on the admin client's I/O threads
        return Mono.fromFuture(future)
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(Schedulers.boundedElastic())
                .onErrorMap(PulsarNamespacesStep::unwrap);
    }

    private static Mono<Void> ignoreConflict(Mono<?> creation) {
        return creation.then().onErrorResume(PulsarAdminException.ConflictException.class, exists -> Mono.empty());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                        || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
