package cn.hotline.tenant.provisioning;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/** A provisioning step for tests: fails for the tenants listed in {@link #FAILING}, succeeds for all others. */
public final class FlakyStep implements ProvisioningStep {

    public static final Set<String> FAILING = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "test.flaky";
    }

    @Override
    public int order() {
        return 250;
    }

    @Override
    public Mono<Void> apply(TenantSpec spec) {
        return FAILING.contains(spec.slug().value())
                ? Mono.error(new IllegalStateException("the flaky test step refuses " + spec.slug()))
                : Mono.empty();
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {
        @Bean
        FlakyStep flakyStep() {
            return new FlakyStep();
        }
    }
}
