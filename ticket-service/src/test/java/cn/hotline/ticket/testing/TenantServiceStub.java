package cn.hotline.ticket.testing;

import cn.hotline.kernel.security.InternalToken;
import cn.hotline.kernel.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * tenant-service's two internal endpoints that ticket-service reads ({@code GET /internal/tenants/{t}/units} and
 * {@code /calendar}), in tenant-service's wire shape, answering only with the internal token. A contract stub, not
 * tenant-service itself: tenant-service is another deployable whose own ITs cover these endpoints; here they only
 * feed the unit tree and calendar a test needs. Every tenant gets {@link #DEFAULT_UNITS} and the standard calendar
 * unless a test sets its own.
 */
public final class TenantServiceStub {

    public static final String DEFAULT_UNITS =
            """
            [{"code":"qingxiu-jtj","name":"青秀区交通局","level":"DISTRICT","parentCode":null,"contacts":[],"active":true},
             {"code":"qingxiu-cgj","name":"青秀区城管局","level":"DISTRICT","parentCode":null,"contacts":[],"active":true},
             {"code":"qingxiu-jd-1","name":"新竹街道","level":"SECOND_LEVEL","parentCode":"qingxiu-jtj","contacts":[],"active":true},
             {"code":"city-hrss","name":"市人社局","level":"CITY_MEMBER","parentCode":null,"contacts":[],"active":true},
             {"code":"closed-unit","name":"已撤销单位","level":"CITY_MEMBER","parentCode":null,"contacts":[],"active":false}]
            """;

    /** Weekdays 09:00-12:00 and 13:30-17:30 in Asia/Shanghai; 2026-10-01..07 国庆 holidays, 2026-10-10 make-up day. */
    public static final String STANDARD_CALENDAR =
            """
            {"zone":"Asia/Shanghai",
             "hours":{"MONDAY":[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"17:30"}],
                      "TUESDAY":[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"17:30"}],
                      "WEDNESDAY":[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"17:30"}],
                      "THURSDAY":[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"17:30"}],
                      "FRIDAY":[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"17:30"}],
                      "SATURDAY":[],"SUNDAY":[]},
             "makeupDay":[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"17:30"}],
             "specialDays":[
               {"date":"2026-10-01","kind":"HOLIDAY","name":"国庆节"},{"date":"2026-10-02","kind":"HOLIDAY","name":"国庆节"},
               {"date":"2026-10-05","kind":"HOLIDAY","name":"国庆节"},{"date":"2026-10-06","kind":"HOLIDAY","name":"国庆节"},
               {"date":"2026-10-07","kind":"HOLIDAY","name":"国庆节"},{"date":"2026-10-10","kind":"WORKDAY","name":"国庆调休"}]}
            """;

    private static final Map<String, String> UNITS = new ConcurrentHashMap<>();
    private static final Map<String, String> CALENDARS = new ConcurrentHashMap<>();
    private static volatile DisposableServer server;

    private TenantServiceStub() {}

    public static void units(String tenant, String json) {
        UNITS.put(tenant, json);
    }

    public static synchronized String baseUrl() {
        if (server == null) {
            InternalToken token = new InternalToken(TestTokens.INTERNAL_TOKEN);
            server = HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .route(routes -> routes.get("/internal/tenants/{t}/{what}", (request, response) -> {
                        if (!token.matches(request.requestHeaders().get(InternalToken.HEADER))) {
                            return response.status(401).send();
                        }
                        String tenant = request.param("t");
                        String what = request.param("what");
                        String body =
                                switch (what == null ? "" : what) {
                                    case "units" -> UNITS.getOrDefault(tenant, DEFAULT_UNITS);
                                    case "calendar" -> CALENDARS.getOrDefault(tenant, STANDARD_CALENDAR);
                                    default -> null;
                                };
                        if (body == null) {
                            return response.status(404).send();
                        }
                        return response.header("Content-Type", "application/json")
                                .sendString(Mono.just(body), StandardCharsets.UTF_8)
                                .then();
                    }))
                    .bindNow();
        }
        return "http://127.0.0.1:" + server.port();
    }

    /** Points {@code cc.ticket.directory.base-url} at the stub. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "tenant-service-stub", Map.of("cc.ticket.directory.base-url", baseUrl())));
        }
    }
}
