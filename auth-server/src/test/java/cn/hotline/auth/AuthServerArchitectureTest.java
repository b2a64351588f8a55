package cn.hotline.auth;

import cn.hotline.kernel.architecture.PlatformRules;
import org.junit.jupiter.api.Test;

class AuthServerArchitectureTest {

    @Test
    void keepsThePlatformRules() {
        PlatformRules.checkServletModule();
    }
}
