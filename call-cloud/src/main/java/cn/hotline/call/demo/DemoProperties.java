package cn.hotline.call.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param enabled seed the demo tenants' prompts, IVR trees and routing rules at start-up ({@code CC_TENANT_DEMO_ENABLED}) */
@ConfigurationProperties("cc.call.demo")
public record DemoProperties(boolean enabled) {}
