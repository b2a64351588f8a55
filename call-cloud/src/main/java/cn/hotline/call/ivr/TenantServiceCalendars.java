package cn.hotline.call.ivr;

import cn.hotline.kernel.id.TenantId;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code GET /internal/tenants/{t}/calendar} from tenant-service with the internal token and keeps each
 * tenant's answer for {@code ttl}. Fail-open, explicitly: when tenant-service cannot be asked (down, slow, bad
 * answer) calls are not stopped; the calendar is {@link TenantCalendar#fallback()} (weekday office hours, no
 * holidays) for one minute, logged as a warning and counted in {@link #fallbacks()}.
 */
final class TenantServiceCalendars implements TenantCalendars {

    private static final Logger log = LoggerFactory.getLogger(TenantServiceCalendars.class);
    private static final Duration FALLBACK_TTL = Duration.ofMinutes(1);

    private final WebClient http;
    private final String internalToken;
    private final Duration ttl;
    private final Duration timeout;
    private final Map<TenantId, Mono<TenantCalendar>> cache = new ConcurrentHashMap<>();
    private final AtomicLong fallbacks = new AtomicLong();

    TenantServiceCalendars(WebClient http, String internalToken, Duration ttl, Duration timeout) {
        this.http = http;
        this.internalToken = internalToken;
        this.ttl = ttl;
        this.timeout = timeout;
    }

    @Override
    public Mono<TenantCalendar> of(TenantId tenant) {
        return cache.computeIfAbsent(tenant, this::fetch);
    }

    long fallbacks() {
        return fallbacks.get();
    }

    private Mono<TenantCalendar> fetch(TenantId tenant) {
        return http.get()
                .uri("/internal/tenants/{tenant}/calendar", tenant.value())
                .header("X-Internal-Token", internalToken)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(timeout)
                .map(TenantServiceCalendars::parse)
                .map(calendar -> new Timed(calendar, ttl))
                .onErrorResume(e -> {
                    fallbacks.incrementAndGet();
                    log.warn(
                            "calendar of tenant {} unavailable ({}); using weekday office hours without holidays",
                            tenant,
                            e.toString());
                    return Mono.just(new Timed(TenantCalendar.fallback(), FALLBACK_TTL));
                })
                .cacheInvalidateIf(timed -> timed.expired())
                .map(Timed::calendar)
                .doOnError(e -> cache.remove(tenant));
    }

    private record Timed(TenantCalendar calendar, long expiresAtNanos) {
        Timed(TenantCalendar calendar, Duration ttl) {
            this(calendar, System.nanoTime() + ttl.toNanos());
        }

        boolean expired() {
            return System.nanoTime() - expiresAtNanos > 0;
        }
    }

    /** tenant-service's CalendarView: {zone, hours: {MONDAY: [{start, end}]}, makeupDay: [...], specialDays: [...]}. */
    static TenantCalendar parse(JsonNode body) {
        ZoneId zone = ZoneId.of(body.get("zone").stringValue());
        Map<DayOfWeek, List<TenantCalendar.Period>> hours = new EnumMap<>(DayOfWeek.class);
        JsonNode days = body.get("hours");
        if (days != null) {
            for (Map.Entry<String, JsonNode> day : days.properties()) {
                hours.put(DayOfWeek.valueOf(day.getKey()), periods(day.getValue()));
            }
        }
        Map<LocalDate, TenantCalendar.DayKind> special = new HashMap<>();
        JsonNode specials = body.get("specialDays");
        if (specials != null) {
            for (JsonNode day : specials) {
                special.put(
                        LocalDate.parse(day.get("date").stringValue()),
                        TenantCalendar.DayKind.valueOf(day.get("kind").stringValue()));
            }
        }
        return new TenantCalendar(zone, hours, periods(body.get("makeupDay")), special);
    }

    private static List<TenantCalendar.Period> periods(JsonNode list) {
        List<TenantCalendar.Period> periods = new ArrayList<>();
        if (list != null) {
            for (JsonNode p : list) {
                periods.add(new TenantCalendar.Period(
                        LocalTime.parse(p.get("start").stringValue()),
                        LocalTime.parse(p.get("end").stringValue())));
            }
        }
        return periods;
    }
}
