package cn.hotline.workforce.announcement;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /tenants/{t}/announcements/…}: publish, lists (mine, scrolling, pop-ups, search), read, reply, delete. */
@RestController
final class AnnouncementController {

    private final AnnouncementBoard board;

    AnnouncementController(AnnouncementBoard board) {
        this.board = board;
    }

    record TargetsBody(
            @Nullable Boolean all,
            @Nullable List<String> roles,
            @Nullable List<String> users,
            @Nullable List<String> groups) {}

    record DraftBody(
            @Nullable String group,
            @Nullable String title,
            @Nullable String body,
            @Nullable Boolean urgent,
            @Nullable Boolean scrolling,
            @Nullable TargetsBody targets,
            @Nullable Instant publishAt,
            @Nullable Instant expiresAt) {}

    @PostMapping("/tenants/{tenant}/announcements")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Announcement> publish(@PathVariable String tenant, @RequestBody DraftBody b) {
        return BoardAccess.manager(tenant).flatMap(caller -> {
            AnnouncementBoard.Draft draft;
            try {
                TargetsBody t = b.targets() == null ? new TargetsBody(true, null, null, null) : b.targets();
                draft = new AnnouncementBoard.Draft(
                        b.group() == null ? "通知" : b.group(),
                        b.title() == null ? "" : b.title(),
                        b.body() == null ? "" : b.body(),
                        Boolean.TRUE.equals(b.urgent()),
                        Boolean.TRUE.equals(b.scrolling()),
                        new Announcement.Targets(
                                Boolean.TRUE.equals(t.all()),
                                t.roles() == null ? List.of() : t.roles(),
                                t.users() == null ? List.of() : t.users(),
                                t.groups() == null ? List.of() : t.groups(),
                                List.of()),
                        b.publishAt(),
                        b.expiresAt());
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage())));
            }
            return board.publish(caller, draft);
        });
    }

    @GetMapping("/tenants/{tenant}/announcements")
    Flux<Announcement> list(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String group,
            @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(defaultValue = "false") boolean all,
            @RequestParam(defaultValue = "50") int limit) {
        return BoardAccess.user(tenant).flatMapMany(caller -> {
            if (limit < 1 || limit > 500) {
                return Flux.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "limit is 1-500", Map.of("field", "limit")));
            }
            if (q != null && (q.isBlank() || q.length() > 100)) {
                return Flux.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "q has 1-100 characters", Map.of("field", "q")));
            }
            if (all && !BoardAccess.isManager(caller)) {
                return Flux.error(
                        new ProblemException(ProblemCode.FORBIDDEN, "Not allowed: all=true is for managers."));
            }
            return board.tx(
                    caller.tenant(),
                    board.list(caller, new AnnouncementBoard.Filter(q, group, unread, false, false, all, limit)));
        });
    }

    /** The ticker: live scrolling announcements addressed to me, newest first. */
    @GetMapping("/tenants/{tenant}/announcements/scrolling")
    Flux<Announcement> scrolling(@PathVariable String tenant) {
        return BoardAccess.user(tenant)
                .flatMapMany(caller -> board.tx(
                        caller.tenant(),
                        board.list(caller, new AnnouncementBoard.Filter(null, null, false, false, true, false, 10))));
    }

    /** Pop-ups: live urgent announcements addressed to me that I have not read (the console's polling fallback). */
    @GetMapping("/tenants/{tenant}/announcements/popups")
    Flux<Announcement> popups(@PathVariable String tenant) {
        return BoardAccess.user(tenant)
                .flatMapMany(caller -> board.tx(
                        caller.tenant(),
                        board.list(caller, new AnnouncementBoard.Filter(null, null, true, true, false, false, 20))));
    }

    @GetMapping("/tenants/{tenant}/announcements/{id}")
    Mono<Announcement> one(@PathVariable String tenant, @PathVariable UUID id) {
        return BoardAccess.user(tenant)
                .flatMap(caller -> board.tx(caller.tenant(), board.one(caller, id, BoardAccess.isManager(caller))));
    }

    @PostMapping("/tenants/{tenant}/announcements/{id}/read")
    Mono<Announcement> read(@PathVariable String tenant, @PathVariable UUID id) {
        return BoardAccess.user(tenant).flatMap(caller -> board.tx(caller.tenant(), board.markRead(caller, id)));
    }

    @GetMapping("/tenants/{tenant}/announcements/{id}/receipts")
    Flux<AnnouncementBoard.Receipt> receipts(@PathVariable String tenant, @PathVariable UUID id) {
        return BoardAccess.manager(tenant).flatMapMany(caller -> board.tx(caller.tenant(), board.receipts(caller, id)));
    }

    record ReplyBody(@Nullable String body) {}

    @PostMapping("/tenants/{tenant}/announcements/{id}/replies")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AnnouncementBoard.Reply> reply(@PathVariable String tenant, @PathVariable UUID id, @RequestBody ReplyBody b) {
        return BoardAccess.user(tenant)
                .flatMap(caller -> board.tx(
                        caller.tenant(),
                        board.reply(caller, id, b.body() == null ? "" : b.body(), BoardAccess.isManager(caller))));
    }

    @GetMapping("/tenants/{tenant}/announcements/{id}/replies")
    Flux<AnnouncementBoard.Reply> replies(@PathVariable String tenant, @PathVariable UUID id) {
        return BoardAccess.user(tenant)
                .flatMapMany(
                        caller -> board.tx(caller.tenant(), board.replies(caller, id, BoardAccess.isManager(caller))));
    }

    @DeleteMapping("/tenants/{tenant}/announcements/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@PathVariable String tenant, @PathVariable UUID id) {
        return BoardAccess.manager(tenant).flatMap(caller -> board.tx(caller.tenant(), board.delete(caller, id)));
    }

    record Rebuilt(long announcements) {}

    @PostMapping("/tenants/{tenant}/announcements/index/rebuild")
    Mono<Rebuilt> rebuild(@PathVariable String tenant) {
        return BoardAccess.manager(tenant)
                .flatMap(caller -> board.tx(caller.tenant(), board.rebuildIndex()))
                .map(Rebuilt::new);
    }
}
