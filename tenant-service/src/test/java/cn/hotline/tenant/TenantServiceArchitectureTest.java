package cn.hotline.tenant;

import cn.hotline.kernel.architecture.PlatformRules;
import org.junit.jupiter.api.Test;

class TenantServiceArchitectureTest {

    @Test
    void keepsThePlatformRules() {
        PlatformRules.checkReactiveModule();
    }
}
