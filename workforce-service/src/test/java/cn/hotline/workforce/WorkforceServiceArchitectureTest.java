package cn.hotline.workforce;

import cn.hotline.kernel.architecture.PlatformRules;
import org.junit.jupiter.api.Test;

class WorkforceServiceArchitectureTest {

    @Test
    void keepsThePlatformRules() {
        PlatformRules.checkReactiveModule();
    }
}
