package cn.hotline.tenant.importing;

import cn.hotline.kernel.id.WorkstationId;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.tenant.directory.Access;
import cn.hotline.tenant.directory.NewUser;
import cn.hotline.tenant.directory.Organisation;
import cn.hotline.tenant.directory.TenantTransactions;
import cn.hotline.tenant.directory.UserAccounts;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Imports users and seats from an office's sheet. Per row, all or nothing: a row's user, seat and skills are written
 * in one transaction, and a row that fails (bad cell, taken username or seat number, unknown skill group) is skipped
 * and reported; the other rows are imported.
 */
@Component
public final class UserImport {

    private final SheetParser parser = new SheetParser();
    private final UserAccounts users;
    private final Organisation organisation;
    private final TenantTransactions tx;

    public UserImport(UserAccounts users, Organisation organisation, TenantTransactions tx) {
        this.users = users;
        this.organisation = organisation;
        this.tx = tx;
    }

    public Mono<ImportReport> importSheet(Access.Grant grant, byte[] xlsx, String initialPassword) {
        return Mono.fromCallable(() -> parser.parse(new ByteArrayInputStream(xlsx)))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(parsed -> Flux.fromIterable(parsed.rows())
                        .concatMap(row -> apply(grant, row, initialPassword))
                        .collectList()
                        .map(failures -> {
                            List<RowError> errors = new ArrayList<>(parsed.errors());
                            failures.stream().flatMap(List::stream).forEach(errors::add);
                            errors.sort(Comparator.comparingInt(RowError::row));
                            long failedRows = errors.stream()
                                    .map(RowError::row)
                                    .distinct()
                                    .count();
                            int imported = parsed.rows().size()
                                    - (int) failures.stream()
                                            .filter(f -> !f.isEmpty())
                                            .count();
                            return new ImportReport(
                                    parsed.total(), imported, (int) Math.min(failedRows, parsed.total()), errors);
                        }));
    }

    /** Writes one row; answers its errors (empty when it was imported). */
    private Mono<List<RowError>> apply(Access.Grant grant, ImportRow row, String password) {
        String cell = row.workstationOrDepartment();
        if (grant.tenantWide()
                && cell != null
                && looksLikeWorkstation(cell)
                && !cell.startsWith(grant.tenant() + ".")) {
            return Mono.just(List.of(new RowError(
                    row.row(), SheetParser.UNIT, "workstation '" + cell + "' is not one of tenant " + grant.tenant())));
        }
        String scope = scopeOf(grant, cell);
        String department = cell != null && !looksLikeWorkstation(cell) ? cell : null;
        NewUser user;
        try {
            user = new NewUser(row.username(), row.displayName(), password, scope, row.roles(), row.phone());
        } catch (IllegalArgumentException e) {
            return Mono.just(List.of(new RowError(row.row(), "", String.valueOf(e.getMessage()))));
        }
        Mono<Void> work = users.create(grant.context(), grant.tenant(), user, grant.actor())
                .onErrorMap(e -> at(e, SheetParser.USERNAME))
                .flatMap(created -> (department == null
                                ? Mono.<Void>empty()
                                : organisation
                                        .departmentByName(grant.context(), grant.tenant(), department, scope)
                                        .flatMap(d -> users.setDepartment(grant.context(), created.id(), d.id())))
                        .then(organisation.addSeat(grant.context(), grant.tenant(), row.seatNo(), created.id(), scope))
                        .onErrorMap(e -> at(e, SheetParser.SEAT_NO))
                        .thenMany(Flux.fromIterable(row.skills().entrySet())
                                .concatMap(skill -> skill(grant, created.id(), skill)))
                        .then());
        return tx.run(grant.context(), work)
                .thenReturn(List.<RowError>of())
                .onErrorResume(e -> Mono.just(List.of(new RowError(
                        row.row(),
                        e instanceof ColumnError c ? c.column : "",
                        e instanceof ColumnError c ? c.getMessage() : "could not be imported: " + e.getMessage()))));
    }

    private Mono<Organisation.AgentSkill> skill(
            Access.Grant grant, java.util.UUID user, Map.Entry<String, Integer> skill) {
        return organisation
                .skillGroupByCode(grant.context(), skill.getKey())
                .switchIfEmpty(Mono.error(() ->
                        new ColumnError(SheetParser.SKILLS, "skill group '" + skill.getKey() + "' does not exist")))
                .flatMap(group ->
                        organisation.setSkill(grant.context(), grant.tenant(), user, group.id(), skill.getValue()));
    }

    /**
     * 工作站/部门: a workstation id ({@code <tenant>.<name>}) of this tenant scopes the user (a workstation admin's
     * imports always land in its own workstation); anything else names a department (created when missing), which
     * does not narrow the user.
     */
    private static @Nullable String scopeOf(Access.Grant grant, @Nullable String cell) {
        if (!grant.tenantWide()) {
            return grant.scopeUnit();
        }
        return cell != null && looksLikeWorkstation(cell)
                ? WorkstationId.of(cell).value()
                : null;
    }

    private static boolean looksLikeWorkstation(String cell) {
        try {
            WorkstationId.of(cell);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Throwable at(Throwable e, String column) {
        return e instanceof ProblemException p ? new ColumnError(column, p.detail()) : e;
    }

    /** A failure pinned to a column of the sheet. */
    static final class ColumnError extends RuntimeException {
        final String column;

        ColumnError(String column, String message) {
            super(message, null, false, false);
            this.column = column;
        }
    }
}
