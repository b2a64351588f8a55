package cn.hotline.workforce.scheduling;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Role;
import cn.hotline.workforce.access.TenantCallers;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /tenants/{t}/scheduling/**}: supervisors and tenant admins plan (shift types, rosters, Excel import, rules,
 * decisions, adherence, forecast); agents read their own shifts and ask for leave or swaps.
 */
@RestController
final class SchedulingController {

    private static final java.util.Set<Role> STAFF_OR_AGENT =
            java.util.EnumSet.of(Role.SUPERVISOR, Role.TENANT_ADMIN, Role.AGENT);

    private final Scheduling scheduling;
    private final SchedulingTransactions tx;

    SchedulingController(Scheduling scheduling, SchedulingTransactions tx) {
        this.scheduling = scheduling;
        this.tx = tx;
    }

    record ShiftTypeBody(@Nullable String name, @Nullable String starts, @Nullable String ends) {}

    record EntryBody(@Nullable String agent, @Nullable String day, @Nullable String shift) {}

    record RosterBody(@Nullable List<EntryBody> entries) {}

    record Updated(int updated) {}

    record RulesBody(@Nullable Integer minStaff, @Nullable Integer minRestHours) {}

    record RequestBodyJson(
            @Nullable String kind,
            @Nullable String agent,
            @Nullable String otherAgent,
            @Nullable String day,
            @Nullable String reason) {}

    record NoteBody(@Nullable String note) {}

    @PutMapping("/tenants/{tenant}/scheduling/shift-types/{code}")
    Mono<ShiftType> putShiftType(
            @PathVariable String tenant, @PathVariable String code, @RequestBody ShiftTypeBody body) {
        return staff(tenant).flatMap(caller -> {
            ShiftType type;
            try {
                type = new ShiftType(code, body.name(), time(body.starts(), "starts"), time(body.ends(), "ends"));
            } catch (IllegalArgumentException e) {
                return Mono.error(invalid(String.valueOf(e.getMessage()), "shiftType"));
            }
            return tx.run(caller.tenantContext(), scheduling.putShiftType(type));
        });
    }

    @GetMapping("/tenants/{tenant}/scheduling/shift-types")
    Flux<ShiftType> shiftTypes(@PathVariable String tenant) {
        return anyone(tenant).flatMapMany(caller -> tx.run(caller.tenantContext(), scheduling.shiftTypes()));
    }

    @PutMapping("/tenants/{tenant}/scheduling/roster")
    Mono<Updated> putRoster(@PathVariable String tenant, @RequestBody RosterBody body) {
        return staff(tenant).flatMap(caller -> {
            if (body.entries() == null
                    || body.entries().isEmpty()
                    || body.entries().size() > 31_000) {
                return Mono.error(invalid("entries (1-31000 of {agent, day, shift}) are required", "entries"));
            }
            List<Roster.Entry> entries;
            try {
                entries = body.entries().stream()
                        .map(e -> new Roster.Entry(agentId(e.agent()), date(e.day(), "day"), shiftCode(e.shift())))
                        .toList();
            } catch (ProblemException e) {
                return Mono.error(e);
            }
            return tx.run(caller.tenantContext(), scheduling.putRoster(entries)).map(Updated::new);
        });
    }

    @PostMapping(value = "/tenants/{tenant}/scheduling/roster/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Updated> importRoster(@PathVariable String tenant, @RequestPart("file") Mono<FilePart> file) {
        return staff(tenant)
                .flatMap(caller -> file.flatMap(part -> DataBufferUtils.join(part.content(), 5 * 1024 * 1024 + 1))
                        .map(buffer -> {
                            byte[] bytes = new byte[buffer.readableByteCount()];
                            buffer.read(bytes);
                            DataBufferUtils.release(buffer);
                            return bytes;
                        })
                        .publishOn(Schedulers.boundedElastic())
                        .map(RosterExcel::read)
                        .flatMap(entries -> tx.run(caller.tenantContext(), scheduling.putRoster(entries)))
                        .map(Updated::new));
    }

    @GetMapping("/tenants/{tenant}/scheduling/roster")
    Mono<Map<String, List<Roster.Entry>>> roster(
            @PathVariable String tenant, @RequestParam String from, @RequestParam String to) {
        return staff(tenant).flatMap(caller -> {
            LocalDate f = date(from, "from");
            LocalDate t = date(to, "to");
            if (t.isBefore(f) || ChronoUnit.DAYS.between(f, t) > 62) {
                return Mono.error(invalid("from..to must be a range of at most 62 days", "to"));
            }
            return tx.run(caller.tenantContext(), scheduling.roster(f, t, null)).map(Roster::byAgent);
        });
    }

    /** The roster of from..to as the .xlsx grid the import takes (an agent with no shift in the range is left out). */
    @GetMapping(value = "/tenants/{tenant}/scheduling/roster.xlsx")
    Mono<org.springframework.http.ResponseEntity<byte[]>> exportRoster(
            @PathVariable String tenant, @RequestParam String from, @RequestParam String to) {
        return staff(tenant).flatMap(caller -> {
            LocalDate f = date(from, "from");
            LocalDate t = date(to, "to");
            if (t.isBefore(f) || ChronoUnit.DAYS.between(f, t) > 62) {
                return Mono.error(invalid("from..to must be a range of at most 62 days", "to"));
            }
            return tx.run(caller.tenantContext(), scheduling.roster(f, t, null))
                    .publishOn(Schedulers.boundedElastic())
                    .map(roster -> org.springframework.http.ResponseEntity.ok()
                            .contentType(MediaType.parseMediaType(
                                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                            .header("Content-Disposition", "attachment; filename=\"roster-" + f + "-" + t + ".xlsx\"")
                            .body(RosterExcel.write(f, t, roster)));
        });
    }

    @GetMapping("/tenants/{tenant}/scheduling/days/{day}")
    Mono<Scheduling.DayView> day(@PathVariable String tenant, @PathVariable String day) {
        return staff(tenant).flatMap(caller -> tx.run(caller.tenantContext(), scheduling.day(date(day, "day"))));
    }

    @GetMapping("/tenants/{tenant}/scheduling/agents/{agent}/shifts")
    Mono<List<Scheduling.Shift>> agent(
            @PathVariable String tenant,
            @PathVariable String agent,
            @RequestParam String from,
            @RequestParam String to) {
        return anyone(tenant).flatMap(caller -> {
            if (!isStaff(caller) && !caller.subject().equals(agent)) {
                return Mono.error(
                        new ProblemException(ProblemCode.FORBIDDEN, "Not allowed: agents see their own shifts."));
            }
            LocalDate f = date(from, "from");
            LocalDate t = date(to, "to");
            if (t.isBefore(f) || ChronoUnit.DAYS.between(f, t) > 62) {
                return Mono.error(invalid("from..to must be a range of at most 62 days", "to"));
            }
            return tx.run(caller.tenantContext(), scheduling.agent(agent, f, t));
        });
    }

    @GetMapping("/tenants/{tenant}/scheduling/rules")
    Mono<Scheduling.Rules> rules(@PathVariable String tenant) {
        return staff(tenant).flatMap(caller -> tx.run(caller.tenantContext(), scheduling.rules()));
    }

    @PutMapping("/tenants/{tenant}/scheduling/rules")
    Mono<Scheduling.Rules> putRules(@PathVariable String tenant, @RequestBody RulesBody body) {
        return staff(tenant).flatMap(caller -> {
            if (body.minStaff() == null || body.minRestHours() == null) {
                return Mono.error(invalid("minStaff and minRestHours are required", "minStaff"));
            }
            Scheduling.Rules rules;
            try {
                rules = new Scheduling.Rules(body.minStaff(), body.minRestHours());
            } catch (IllegalArgumentException e) {
                return Mono.error(invalid(String.valueOf(e.getMessage()), "minStaff"));
            }
            return tx.run(caller.tenantContext(), scheduling.putRules(rules));
        });
    }

    @PostMapping("/tenants/{tenant}/scheduling/requests")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Scheduling.Request> request(@PathVariable String tenant, @RequestBody RequestBodyJson body) {
        return anyone(tenant).flatMap(caller -> {
            String kind = body.kind();
            if (!"LEAVE".equals(kind) && !"SWAP".equals(kind)) {
                return Mono.error(invalid("kind must be LEAVE or SWAP", "kind"));
            }
            // an agent asks for themself; staff may file for anyone
            String agent = isStaff(caller) && body.agent() != null ? agentId(body.agent()) : caller.subject();
            String other = null;
            if (kind.equals("SWAP")) {
                other = agentId(body.otherAgent());
                if (other.equals(agent)) {
                    return Mono.error(invalid("a swap needs another agent", "otherAgent"));
                }
            }
            if (body.reason() != null && body.reason().length() > 500) {
                return Mono.error(invalid("the reason is limited to 500 characters", "reason"));
            }
            return tx.run(
                    caller.tenantContext(),
                    scheduling.request(kind, agent, other, date(body.day(), "day"), body.reason()));
        });
    }

    @GetMapping("/tenants/{tenant}/scheduling/requests")
    Flux<Scheduling.Request> requests(
            @PathVariable String tenant, @RequestParam(required = false) @Nullable String status) {
        return staff(tenant).flatMapMany(caller -> tx.run(caller.tenantContext(), scheduling.requests(status)));
    }

    @PostMapping("/tenants/{tenant}/scheduling/requests/{id}/approve")
    Mono<Scheduling.Request> approve(@PathVariable String tenant, @PathVariable UUID id) {
        return staff(tenant)
                .flatMap(caller -> tx.run(caller.tenantContext(), scheduling.approve(id, caller.subject())));
    }

    @PostMapping("/tenants/{tenant}/scheduling/requests/{id}/reject")
    Mono<Scheduling.Request> reject(@PathVariable String tenant, @PathVariable UUID id, @RequestBody NoteBody body) {
        return staff(tenant).flatMap(caller -> {
            if (body.note() == null || body.note().isBlank() || body.note().length() > 500) {
                return Mono.error(invalid("a rejection needs a note of 1-500 characters", "note"));
            }
            return tx.run(
                    caller.tenantContext(),
                    scheduling.reject(id, caller.subject(), body.note().strip()));
        });
    }

    @GetMapping("/tenants/{tenant}/scheduling/adherence")
    Flux<Scheduling.Adherence> adherence(@PathVariable String tenant, @RequestParam String day) {
        return staff(tenant)
                .flatMapMany(caller -> tx.run(caller.tenantContext(), scheduling.adherence(date(day, "day"))));
    }

    @GetMapping("/tenants/{tenant}/scheduling/forecast")
    Mono<Scheduling.Forecast> forecast(
            @PathVariable String tenant,
            @RequestParam String day,
            @RequestParam(defaultValue = "4") int weeks,
            @RequestParam(defaultValue = "0.8") double serviceLevel,
            @RequestParam(defaultValue = "20") int targetSeconds,
            @RequestParam(required = false) @Nullable Double answerRate,
            @RequestParam(defaultValue = "60") int patienceSeconds) {
        return staff(tenant).flatMap(caller -> {
            if (weeks < 1 || weeks > 26) {
                return Mono.error(invalid("weeks must be 1-26", "weeks"));
            }
            Scheduling.Targets targets;
            try {
                targets = new Scheduling.Targets(serviceLevel, targetSeconds, answerRate, patienceSeconds);
            } catch (IllegalArgumentException e) {
                return Mono.error(invalid(String.valueOf(e.getMessage()), "targets"));
            }
            return tx.run(caller.tenantContext(), scheduling.forecast(date(day, "day"), weeks, targets));
        });
    }

    // ---------------------------------------------------------------- helpers

    private static LocalDate date(@Nullable String text, String field) {
        try {
            return LocalDate.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw invalid(field + " must be a date like 2026-11-24", field);
        }
    }

    private static LocalTime time(@Nullable String text, String field) {
        try {
            return LocalTime.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be a time like 08:00");
        }
    }

    private static String agentId(@Nullable String agent) {
        if (agent == null || agent.isBlank() || agent.length() > 64) {
            throw invalid("an agent is named by their user id (1-64 characters)", "agent");
        }
        return agent.strip();
    }

    private static String shiftCode(@Nullable String shift) {
        if (shift == null || shift.isBlank()) {
            throw invalid("each entry needs a shift code (or OFF)", "shift");
        }
        return shift.strip();
    }

    private static boolean isStaff(Caller caller) {
        return TenantCallers.isManager(caller);
    }

    private static Mono<Caller> staff(String tenant) {
        return TenantCallers.withAnyRole(
                tenant, TenantCallers.MANAGERS, "Not allowed: this needs the role SUPERVISOR or TENANT_ADMIN.");
    }

    private static Mono<Caller> anyone(String tenant) {
        return TenantCallers.withAnyRole(
                tenant, STAFF_OR_AGENT, "Not allowed: scheduling is for supervisors and agents.");
    }

    private static ProblemException invalid(String detail, String field) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, detail, Map.of("field", field));
    }
}
