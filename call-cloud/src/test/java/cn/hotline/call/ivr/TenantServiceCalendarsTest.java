package cn.hotline.call.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.support.CalendarServer;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.testing.TestTokens;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

class TenantServiceCalendarsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void readsTenantServicesCalendarWithHolidaysAndMakeUpDays() {
        try (CalendarServer server = new CalendarServer()) {
            TenantServiceCalendars calendars = new TenantServiceCalendars(
                    WebClient.create(server.url()),
                    TestTokens.INTERNAL_TOKEN,
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(2));
            TenantCalendar calendar = calendars.of(TenantId.of("nanning")).block(WAIT);
            assertThat(calendar.isHoliday(Instant.parse("2026-10-01T02:00:00Z")))
                    .isTrue();
            assertThat(calendar.isWorkingTime(Instant.parse("2026-10-01T02:00:00Z")))
                    .isFalse();
            assertThat(calendar.isWorkingTime(Instant.parse("2026-10-10T02:00:00Z")))
                    .isTrue();
            assertThat(calendar.isWorkingTime(Instant.parse("2026-03-10T04:30:00Z")))
                    .as("lunch")
                    .isFalse();
            assertThat(calendars.fallbacks()).isZero();
        }
    }

    @Test
    void fallsBackToOfficeHoursWithoutHolidaysWhenTenantServiceIsDownAndCountsIt() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        TenantServiceCalendars calendars = new TenantServiceCalendars(
                WebClient.create("http://127.0.0.1:" + closed),
                "whatever-token-1234",
                Duration.ofMinutes(5),
                Duration.ofSeconds(2));
        TenantCalendar calendar = calendars.of(TenantId.of("nanning")).block(WAIT);
        assertThat(calendar).isEqualTo(TenantCalendar.fallback());
        assertThat(calendar.isHoliday(Instant.parse("2026-10-01T02:00:00Z"))).isFalse();
        assertThat(calendars.fallbacks()).isEqualTo(1);
    }

    @Test
    void aWrongInternalTokenIsAFailureNotACalendar() {
        try (CalendarServer server = new CalendarServer()) {
            TenantServiceCalendars calendars = new TenantServiceCalendars(
                    WebClient.create(server.url()),
                    "not-the-internal-token",
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(2));
            assertThat(calendars.of(TenantId.of("nanning")).block(WAIT)).isEqualTo(TenantCalendar.fallback());
            assertThat(calendars.fallbacks()).isEqualTo(1);
        }
    }
}
