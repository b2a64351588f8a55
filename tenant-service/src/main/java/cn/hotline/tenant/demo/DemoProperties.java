package cn.hotline.tenant.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled provision the demo tenants at start-up (the run command turns this on)
 * @param adminPassword the initial password of each demo tenant's admin ({@code admin}); printed by the README
 */
@ConfigurationProperties(prefix = "cc.tenant.demo")
public record DemoProperties(boolean enabled, String adminPassword) {

    public DemoProperties {
        if (adminPassword == null || adminPassword.isBlank()) {
            adminPassword = "Hotline-Demo-2026!";
        }
    }
}
