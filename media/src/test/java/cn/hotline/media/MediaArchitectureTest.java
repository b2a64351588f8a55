package cn.hotline.media;

import cn.hotline.kernel.architecture.PlatformRules;
import org.junit.jupiter.api.Test;

class MediaArchitectureTest {

    @Test
    void mediaKeepsThePlatformRules() {
        PlatformRules.checkReactiveModule();
    }
}
