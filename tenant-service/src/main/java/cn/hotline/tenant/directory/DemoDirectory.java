package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.provisioning.ProvisioningStep;
import cn.hotline.tenant.provisioning.TenantSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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
 * Demo accounts (only with {@code cc.tenant.demo.enabled}): the provisioning step {@code directory.demo-users} adds
 * agents, managers and supervisors with seats to the demo tenants as they are provisioned, and the platform operator
 * is seeded at start-up. Every demo account's password is {@link #PASSWORD}; the list is in tenant-service/README.md.
 * Idempotent: existing accounts and seats are left as they are.
 */
@Component
@ConditionalOnBooleanProperty("cc.tenant.demo.enabled")
final class DemoDirectory implements ProvisioningStep {

    static final String PASSWORD = "Demo@12345";
    static final List<String> NANNING_WORKSTATIONS =
            List.of("qingxiu", "xingning", "jiangnan", "xixiangtang", "liangqing");
    private static final Logger log = LoggerFactory.getLogger(DemoDirectory.class);

    private final UserAccounts users;
    private final Organisation organisation;
    private final Roles roles;

    DemoDirectory(UserAccounts users, Organisation organisation, Roles roles) {
        this.users = users;
        this.organisation = organisation;
        this.roles = roles;
    }

    /** One demo account: login, display name, role, seat number (工号) or null, workstation or null. */
    record DemoUser(String username, String name, String role, @Nullable String seatNo, @Nullable String workstation) {}

    static List<DemoUser> accounts(String tenant) {
        List<DemoUser> list = new ArrayList<>();
        switch (tenant) {
            case "shushan" -> {
                list.add(new DemoUser("manager", "蜀山区值班长", DefaultRoles.SUPERVISOR, "1000", null));
                for (int i = 1; i <= 13; i++) {
                    list.add(new DemoUser(
                            "agent%02d".formatted(i),
                            "蜀山坐席%02d".formatted(i),
                            DefaultRoles.AGENT,
                            "%d".formatted(1000 + i),
                            null));
                }
            }
            case "xuzhou-yb" -> {
                list.add(new DemoUser("manager", "徐州医保值班长", DefaultRoles.SUPERVISOR, "2000", null));
                for (int i = 1; i <= 12; i++) {
                    list.add(new DemoUser(
                            "agent%02d".formatted(i),
                            "医保坐席%02d".formatted(i),
                            DefaultRoles.AGENT,
                            "%d".formatted(2000 + i),
                            null));
                }
            }
            case "nanning" -> {
                list.add(new DemoUser("manager", "南宁市值班长", DefaultRoles.SUPERVISOR, "3000", null));
                list.add(new DemoUser("clerk01", "南宁市派单员", DefaultRoles.TICKET_CLERK, null, null));
                for (int w = 0; w < NANNING_WORKSTATIONS.size(); w++) {
                    String ws = NANNING_WORKSTATIONS.get(w);
                    String scope = "nanning." + ws;
                    int base = 3100 + w * 100;
                    list.add(new DemoUser(
                            ws + "-sup", ws + "工作站班长", DefaultRoles.SUPERVISOR, "%d".formatted(base), scope));
                    for (int i = 1; i <= 6; i++) {
                        list.add(new DemoUser(
                                "%s%02d".formatted(ws, i),
                                "%s坐席%02d".formatted(ws, i),
                                DefaultRoles.AGENT,
                                "%d".formatted(base + i),
                                scope));
                    }
                }
            }
            default -> {}
        }
        return List.copyOf(list);
    }

    @Override
    public String name() {
        return "directory.demo-users";
    }

    @Override
    public int order() {
        return ORDER_DIRECTORY + 20;
    }

    @Override
    public Mono<Void> apply(TenantSpec spec) {
        String tenant = spec.slug().value();
        TenantContext context = TenantContext.of(spec.slug());
        return Flux.fromIterable(accounts(tenant))
                .concatMap(user -> seed(context, tenant, user))
                .then();
    }

    private Mono<Void> seed(TenantContext context, String tenant, DemoUser demo) {
        NewUser user =
                new NewUser(demo.username(), demo.name(), PASSWORD, demo.workstation(), List.of(demo.role()), null);
        return users.createIfAbsent(context, tenant, user, DirectoryProvisioning.ACTOR)
                .flatMap(created -> demo.seatNo() == null
                        ? Mono.<Void>empty()
                        : organisation
                                .addSeat(context, tenant, demo.seatNo(), created.id(), demo.workstation())
                                .onErrorResume(
                                        e -> e instanceof ProblemException p && p.code() == ProblemCode.CONFLICT,
                                        e -> Mono.empty())
                                .then());
    }

    /** The platform operator {@code platform/operator}, seeded once the service is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void seedOperator() {
        TenantContext platform = TenantContext.of(TenantId.of(TenantStatusLookup.PLATFORM));
        roles.provisionDefaults(TenantStatusLookup.PLATFORM)
                .then(users.createIfAbsent(
                        platform,
                        TenantStatusLookup.PLATFORM,
                        new NewUser("operator", "平台运维", PASSWORD, null, List.of(DefaultRoles.OPERATOR), null),
                        DirectoryProvisioning.ACTOR))
                .retryWhen(Retry.backoff(5, Duration.ofSeconds(2)))
                .subscribe(
                        user -> log.info("demo platform operator '{}' is ready", user.username()),
                        error -> log.error("demo platform operator could not be seeded", error));
    }

    /** For the README and tests: every demo login per tenant. */
    static Map<String, List<DemoUser>> all() {
        return Map.of(
                "shushan", accounts("shushan"), "xuzhou-yb", accounts("xuzhou-yb"), "nanning", accounts("nanning"));
    }
}
