package cn.hotline.tenant.directory;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.provisioning.ProvisioningStep;
import cn.hotline.tenant.provisioning.TenantSpec;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The directory's provisioning steps: {@code directory.default-roles} (the built-in roles) and {@code
 * directory.admin-account} (the tenant administrator from the spec). Both are idempotent: they add what is missing
 * and leave what exists.
 */
@Configuration(proxyBeanMethods = false)
class DirectoryProvisioning {

    static final String ACTOR = "system:directory";

    @Bean
    ProvisioningStep defaultRolesStep(Roles roles) {
        return new ProvisioningStep() {
            @Override
            public String name() {
                return "directory.default-roles";
            }

            @Override
            public int order() {
                return ORDER_DIRECTORY;
            }

            @Override
            public Mono<Void> apply(TenantSpec spec) {
                return roles.provisionDefaults(spec.slug().value()).then();
            }
        };
    }

    @Bean
    ProvisioningStep adminAccountStep(UserAccounts users) {
        return new ProvisioningStep() {
            @Override
            public String name() {
                return "directory.admin-account";
            }

            @Override
            public int order() {
                return ORDER_DIRECTORY + 10;
            }

            @Override
            public Mono<Void> apply(TenantSpec spec) {
                TenantSpec.AdminAccount admin = spec.admin();
                TenantContext context = TenantContext.of(spec.slug());
                return users.findByUsername(context, admin.username())
                        .switchIfEmpty(Mono.defer(() -> admin.passwordErased()
                                ? Mono.error(new ProblemException(
                                        ProblemCode.CONFLICT,
                                        "the admin account '" + admin.username() + "' is missing and its initial"
                                                + " password was erased; provision again with a new password"))
                                : users.createIfAbsent(
                                        context,
                                        spec.slug().value(),
                                        new NewUser(
                                                admin.username(),
                                                admin.displayName(),
                                                admin.initialPassword(),
                                                null,
                                                List.of(DefaultRoles.TENANT_ADMIN),
                                                null),
                                        ACTOR)))
                        .then();
            }
        };
    }
}
