package cn.hotline.call.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RecipientTest {

    @Test
    void parsesTheThreeKindsOfRecipient() {
        assertThat(Recipient.parse("agent", "1001")).isEqualTo(Recipient.agent("1001"));
        assertThat(Recipient.parse("group", "yibao")).isEqualTo(Recipient.group("yibao"));
        assertThat(Recipient.parse("all", null)).isEqualTo(Recipient.all());
    }

    @Test
    void refusesRecipientsThatNameNoOneValid() {
        assertThatThrownBy(() -> Recipient.parse("room", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Recipient.parse(null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Recipient.parse("agent", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Recipient.parse("group", "Upper Case")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Recipient(Recipient.Kind.ALL, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesEmptyAndOverlongText() {
        assertThatThrownBy(() -> InternalMessage.requireValidText(" \n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InternalMessage.requireValidText("x".repeat(InternalMessage.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        InternalMessage.requireValidText("x".repeat(InternalMessage.MAX_LENGTH));
    }

    @Test
    void eventsCrossTheWireUnchanged() {
        MessageBroadcast broadcast =
                new MessageBroadcast(null, null, JsonMapper.builder().build(), new SimpleMeterRegistry());
        MessageEvent sent = new MessageEvent.Sent(
                new InternalMessage(
                        UUID.randomUUID(),
                        "1001",
                        "张三",
                        Recipient.group("yibao"),
                        "开会",
                        Instant.parse("2026-01-01T00:00:00Z")),
                "agent-x");
        MessageEvent read = new MessageEvent.Read("1002", List.of(UUID.randomUUID()), Set.of("1001"));
        assertThat(broadcast.read(broadcast.write(sent))).isEqualTo(sent);
        assertThat(broadcast.read(broadcast.write(read))).isEqualTo(read);
    }
}
