package cn.hotline.ticket;

import cn.hotline.kernel.architecture.PlatformRules;
import org.junit.jupiter.api.Test;

class TicketServiceArchitectureTest {

    @Test
    void keepsThePlatformRules() {
        PlatformRules.checkReactiveModule();
    }
}
