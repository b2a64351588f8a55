package cn.hotline.media;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.rtpengine.RtpengineMediaServer;
import cn.hotline.media.turn.TurnCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

/** The media beans appear only when their servers are configured; a service without them still starts. */
class MediaAutoConfigurationIT {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MediaAutoConfiguration.class))
            .withPropertyValues(
                    "cc.media.storage.endpoint=http://127.0.0.1:9",
                    "cc.media.storage.region=us-east-1",
                    "cc.media.storage.access-key=k",
                    "cc.media.storage.secret-key=s",
                    "cc.media.storage.diagnostics-bucket=d",
                    "cc.media.janus.url=http://127.0.0.1:9/janus");

    @Test
    void withoutMediaServerSettingsThereIsNoMediaServerAndNoTurn() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(MediaServer.class);
            assertThat(context).doesNotHaveBean(TurnCredentials.class);
        });
    }

    @Test
    void theDevstackKeysGiveTheRtpengineAdapterAndTurnCredentials() {
        StackEndpoints stack = TestStack.endpoints();
        runner.withPropertyValues(
                        "cc.media.rtpengine.ng-url=" + stack.rtpengineNgUrl(),
                        "cc.media.rtpengine.ng-tcp-url=" + stack.rtpengineNgTcpUrl(),
                        "cc.media.rtpengine.recording-dir=" + stack.rtpengineRecordingDir(),
                        "cc.media.turn.uris=turn:" + stack.turnHost() + ":" + stack.turnPort() + "?transport=udp",
                        "cc.media.turn.secret=" + stack.turnSecret())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(MediaServer.class);
                    assertThat(context.getBean(MediaServer.class)).isInstanceOf(RtpengineMediaServer.class);
                    assertThat(context.getBean(TurnCredentials.class)
                                    .issue(cn.hotline.kernel.id.TenantId.of("shushan"), "agent-7")
                                    .username())
                            .endsWith(":shushan.agent-7");
                });
    }
}
