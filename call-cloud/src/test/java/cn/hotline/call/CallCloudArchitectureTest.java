package cn.hotline.call;

import cn.hotline.kernel.architecture.PlatformRules;
import org.junit.jupiter.api.Test;

class CallCloudArchitectureTest {

    @Test
    void keepsThePlatformRules() {
        PlatformRules.checkReactiveModule();
    }
}
