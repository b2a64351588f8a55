package cn.hotline.tenant.demo;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.WorkstationId;
import cn.hotline.tenant.audit.AuditActors;
import cn.hotline.tenant.provisioning.TenantProvisioning;
import cn.hotline.tenant.provisioning.TenantSpec;
import cn.hotline.tenant.provisioning.TenantView;
import cn.hotline.tenant.quota.TenantQuotas;
import cn.hotline.tenant.registry.TenantStatus;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Provisions the demo tenants once the service is ready, through {@link TenantProvisioning} — the facade behind
 * {@code POST /platform/tenants} — so a restart changes nothing and a tenant whose provisioning failed is retried.
 */
@Component
@ConditionalOnBooleanProperty("cc.tenant.demo.enabled")
class DemoTenants {

    private static final Logger log = LoggerFactory.getLogger(DemoTenants.class);

    private final TenantProvisioning provisioning;
    private final DemoProperties properties;

    DemoTenants(TenantProvisioning provisioning, DemoProperties properties) {
        this.provisioning = provisioning;
        this.properties = properties;
    }

    /** The demo tenants: a district, a 医保 hotline and a city with workstations named after its districts. */
    List<TenantSpec> specs() {
        return List.of(
                new TenantSpec(
                        TenantId.of("shushan"),
                        "合肥市蜀山区12345政务服务便民热线",
                        TenantSpec.Kind.DISTRICT,
                        List.of("055165312345"),
                        List.of(),
                        admin("蜀山区管理员"),
                        new TenantQuotas(20, 20, 102_400, 50)),
                new TenantSpec(
                        TenantId.of("xuzhou-yb"),
                        "徐州市医疗保障局12393热线",
                        TenantSpec.Kind.MEDICAL_INSURANCE,
                        List.of("12393"),
                        List.of(),
                        admin("徐州医保管理员"),
                        new TenantQuotas(20, 20, 102_400, 50)),
                new TenantSpec(
                        TenantId.of("nanning"),
                        "南宁市12345政务服务便民热线",
                        TenantSpec.Kind.CITY,
                        List.of("12345"),
                        List.of(
                                workstation("qingxiu", "青秀区"),
                                workstation("xingning", "兴宁区"),
                                workstation("jiangnan", "江南区"),
                                workstation("xixiangtang", "西乡塘区"),
                                workstation("liangqing", "良庆区")),
                        admin("南宁市管理员"),
                        new TenantQuotas(100, 60, 512_000, 100)));
    }

    @EventListener(ApplicationReadyEvent.class)
    void provisionDemoTenants() {
        Flux.fromIterable(specs())
                .concatMap(this::provision)
                .retryWhen(Retry.backoff(5, Duration.ofSeconds(2)))
                .subscribe(
                        view -> log.info("demo tenant {} is {}", view.slug(), view.status()),
                        error -> log.error("demo tenants could not be provisioned", error));
    }

    Mono<TenantView> provision(TenantSpec spec) {
        String actor = AuditActors.system("demo");
        return provisioning
                .provision(spec, actor)
                .map(outcome -> outcome.tenant())
                .flatMap(view -> view.status() == TenantStatus.PROVISIONING_FAILED
                        ? provisioning.retry(spec.slug(), actor)
                        : Mono.just(view));
    }

    private TenantSpec.AdminAccount admin(String displayName) {
        return new TenantSpec.AdminAccount("admin", displayName, properties.adminPassword());
    }

    private static TenantSpec.Workstation workstation(String id, String name) {
        return new TenantSpec.Workstation(WorkstationId.of("nanning." + id), name);
    }
}
