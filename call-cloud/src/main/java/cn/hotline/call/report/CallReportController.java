package cn.hotline.call.report;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Call reports of a tenant (R-RPT-2), for its tenant-wide supervisors and admins ({@link TenantRoles}: tenant-wide supervisors and admins):
 *
 * <ul>
 *   <li>{@code GET /tenants/{t}/reports/calls?from=2026-11-01&to=2026-11-30&granularity=DAY&by=TOTAL
 *       &shortAbandonSeconds=5&shortAbandons=EXCLUDE&format=json} — dates are the tenant's local days, both included;
 *       granularity {@code HALF_HOUR} (at most 31 days), {@code DAY}, {@code WEEK}, {@code MONTH} (at most 366 days);
 *       by {@code TOTAL}, {@code GROUP}, {@code AGENT}; {@code format=xlsx} for an Excel workbook.
 *   <li>{@code GET /tenants/{t}/reports/agent-states?from&to&format} — seconds per agent and state.
 *   <li>{@code GET /tenants/{t}/reports/callbacks?from&to} — the must-call-back list per day: tasks by reason and
 *       outcome, overdue, reached rate.
 *   <li>{@code GET /tenants/{t}/reports/missed-calls?from&to&format} — every missed call (abandoned, refused,
 *       voicemail, media lost, callback asked for) with what the must-call-back list did about it.
 * </ul>
 *
 * Every rate comes with its formula.
 */
@RestController
class CallReportController {

    private static final int MAX_DAYS = 366;
    private static final int MAX_HALF_HOUR_DAYS = 31;

    private final TrafficReport traffic;
    private final AgentStateReport states;
    private final CallbackReport callbacks;
    private final MissedCallReport missed;
    private final ReportProperties defaults;
    private final Clock clock;
    private final ReportSettingsStore settings;

    CallReportController(
            TrafficReport traffic,
            AgentStateReport states,
            CallbackReport callbacks,
            MissedCallReport missed,
            ReportProperties defaults,
            ReportSettingsStore settings,
            Clock clock) {
        this.settings = settings;
        this.traffic = traffic;
        this.states = states;
        this.callbacks = callbacks;
        this.missed = missed;
        this.defaults = defaults;
        this.clock = clock;
    }

    @GetMapping("/tenants/{tenant}/reports/calls")
    Mono<ResponseEntity<?>> calls(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "DAY") String granularity,
            @RequestParam(defaultValue = "TOTAL") String by,
            @RequestParam(required = false) @Nullable Integer shortAbandonSeconds,
            @RequestParam(required = false) @Nullable String shortAbandons,
            @RequestParam(defaultValue = "json") String format) {
        Granularity grain = choice(Granularity.class, "granularity", granularity);
        Breakdown breakdown = choice(Breakdown.class, "by", by);
        @Nullable
        ShortAbandons askedCounting =
                shortAbandons == null ? null : choice(ShortAbandons.class, "shortAbandons", shortAbandons);
        @Nullable Duration askedThreshold = shortAbandonSeconds == null ? null : seconds(shortAbandonSeconds);
        boolean excel = excel(format);
        Range range = range(from, to, grain == Granularity.HALF_HOUR ? MAX_HALF_HOUR_DAYS : MAX_DAYS);
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                // the request's parameters, else the tenant's report settings, else the platform's
                .flatMap(settings::effective)
                .flatMap(own -> {
                    ShortAbandons counting = askedCounting == null ? own.shortAbandons() : askedCounting;
                    Duration threshold = askedThreshold == null ? own.shortAbandon() : askedThreshold;
                    TrafficReport.Query query = new TrafficReport.Query(
                            range.start(), range.end(), zone(), grain, breakdown, threshold, counting);
                    return traffic.run(query).map(rows -> new Ran(rows, threshold, counting));
                })
                .flatMap(ran -> {
                    List<TrafficRow> rows = ran.rows();
                    Duration threshold = ran.threshold();
                    ShortAbandons counting = ran.counting();
                    if (excel) {
                        String title = tenant + " 话务报表 " + range.first() + " ~ " + range.last() + " (" + grain + ", "
                                + breakdown + ")";
                        return workbook(
                                () -> ExcelReports.traffic(rows, title), tenant + "-calls-" + range.first() + ".xlsx");
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("tenant", tenant);
                    body.put("from", range.first().toString());
                    body.put("to", range.last().toString());
                    body.put("zone", zone().getId());
                    body.put("granularity", grain);
                    body.put("by", breakdown);
                    body.put("shortAbandonSeconds", threshold.toSeconds());
                    body.put("shortAbandons", counting);
                    body.put(
                            "formulas",
                            Map.of(
                                    "serviceLevel", TrafficReport.SERVICE_LEVEL_FORMULA,
                                    "answerRate", TrafficReport.ANSWER_RATE_FORMULA,
                                    "abandonRate", TrafficReport.ABANDON_RATE_FORMULA,
                                    "shortAbandons", TrafficReport.SHORT_ABANDON_NOTE,
                                    "aht", TrafficReport.AHT_FORMULA,
                                    "abandonedInIvr", TrafficReport.IVR_ABANDON_NOTE,
                                    "leftQueue", TrafficReport.LEFT_QUEUE_NOTE,
                                    "satisfaction", TrafficReport.SATISFACTION_FORMULA));
                    body.put("rows", rows);
                    return Mono.just(ResponseEntity.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(body));
                });
    }

    /** A traffic report with the short-abandon counting it was made with. */
    private record Ran(List<TrafficRow> rows, Duration threshold, ShortAbandons counting) {}

    @GetMapping("/tenants/{tenant}/reports/agent-states")
    Mono<ResponseEntity<?>> agentStates(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "json") String format) {
        boolean excel = excel(format);
        Range range = range(from, to, MAX_HALF_HOUR_DAYS);
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .then(states.run(range.start(), range.end(), clock.instant()))
                .flatMap(rows -> {
                    if (excel) {
                        String title = tenant + " 坐席状态时长 " + range.first() + " ~ " + range.last();
                        return workbook(
                                () -> ExcelReports.agentStates(rows, title),
                                tenant + "-agent-states-" + range.first() + ".xlsx");
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("tenant", tenant);
                    body.put("from", range.first().toString());
                    body.put("to", range.last().toString());
                    body.put("zone", zone().getId());
                    body.put("rows", rows);
                    return Mono.just(ResponseEntity.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(body));
                });
    }

    @GetMapping("/tenants/{tenant}/reports/callbacks")
    Mono<Map<String, Object>> callbacks(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        Range range = range(from, to, MAX_DAYS);
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .then(callbacks.run(range.start(), range.end(), zone()))
                .map(rows -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("tenant", tenant);
                    body.put("from", range.first().toString());
                    body.put("to", range.last().toString());
                    body.put("zone", zone().getId());
                    body.put(
                            "formulas",
                            Map.of(
                                    "reachedRate",
                                    "回拨成功率 = 已接通的回拨任务 ÷ 回拨任务总数 (reached rate = tasks closed as reached ÷ tasks)"));
                    body.put("rows", rows);
                    return body;
                });
    }

    @GetMapping("/tenants/{tenant}/reports/missed-calls")
    Mono<ResponseEntity<?>> missedCalls(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "json") String format) {
        boolean excel = excel(format);
        Range range = range(from, to, MAX_HALF_HOUR_DAYS);
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .then(missed.run(range.start(), range.end(), zone()))
                .flatMap(result -> {
                    if (excel) {
                        String title = tenant + " 未接来电 " + range.first() + " ~ " + range.last()
                                + (result.truncated() ? " (仅前 " + MissedCallReport.MAX_ROWS + " 条)" : "");
                        return workbook(
                                () -> ExcelReports.missedCalls(result.rows(), title),
                                tenant + "-missed-calls-" + range.first() + ".xlsx");
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("tenant", tenant);
                    body.put("from", range.first().toString());
                    body.put("to", range.last().toString());
                    body.put("zone", zone().getId());
                    body.put("truncated", result.truncated());
                    body.put("rows", result.rows());
                    return Mono.just(ResponseEntity.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(body));
                });
    }

    /** Local days {@code first..last}, both included, as the instants {@code [start, end)}. */
    private record Range(LocalDate first, LocalDate last, Instant start, Instant end) {}

    private Range range(@Nullable String from, @Nullable String to, int maxDays) {
        LocalDate today = LocalDate.now(clock.withZone(zone()));
        LocalDate last = to == null ? today : date("to", to);
        LocalDate first = from == null ? last : date("from", from);
        if (first.isAfter(last)) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "'from' must not be after 'to'.");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > maxDays) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "This report covers at most " + maxDays + " days at a time.");
        }
        return new Range(
                first,
                last,
                first.atStartOfDay(zone()).toInstant(),
                last.plusDays(1).atStartOfDay(zone()).toInstant());
    }

    private ZoneId zone() {
        return Objects.requireNonNull(defaults.zone());
    }

    private static LocalDate date(String name, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "'" + name + "' must be a date such as 2026-11-24.");
        }
    }

    private static Duration seconds(int value) {
        if (value < 0 || value > 120) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "'shortAbandonSeconds' must be 0-120.");
        }
        return Duration.ofSeconds(value);
    }

    private static boolean excel(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> false;
            case "xlsx" -> true;
            default -> throw new ProblemException(ProblemCode.VALIDATION_FAILED, "'format' must be json or xlsx.");
        };
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String name, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
                    .map(Enum::name)
                    .toList();
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "'" + name + "' must be one of " + allowed + ".");
        }
    }

    private static Mono<ResponseEntity<?>> workbook(java.util.function.Supplier<byte[]> build, String filename) {
        return Mono.fromCallable(build::get)
                .subscribeOn(Schedulers.boundedElastic())
                .map(bytes -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(ExcelReports.MEDIA_TYPE))
                        .header(
                                HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment()
                                        .filename(filename, StandardCharsets.UTF_8)
                                        .build()
                                        .toString())
                        .body(bytes));
    }
}
