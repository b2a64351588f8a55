package cn.hotline.gateway;

import cn.hotline.kernel.architecture.PlatformRules;
import org.junit.jupiter.api.Test;

class GatewayArchitectureTest {

    @Test
    void keepsThePlatformRules() {
        PlatformRules.checkReactiveModule();
    }
}
