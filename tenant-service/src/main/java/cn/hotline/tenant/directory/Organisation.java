package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.quota.QuotaKind;
import cn.hotline.tenant.quota.QuotaManagement;
import io.r2dbc.spi.Readable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The organisation around the accounts: departments, groups, seats with seat numbers (工号), skill groups, agent
 * skills with levels 1-10, and the tenant's phone numbers (DIDs). Rows may belong to a workstation ({@code
 * scope_unit}); row-level security keeps a workstation caller to its own.
 */
@Component
public final class Organisation {

    static final Pattern SEAT_NO = Pattern.compile("[0-9A-Za-z-]{1,16}");
    static final Pattern SKILL_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");

    private final DatabaseClient db;
    private final TenantTransactions tx;
    private final QuotaManagement quotas;

    public Organisation(DatabaseClient db, TenantTransactions tx, QuotaManagement quotas) {
        this.db = db;
        this.tx = tx;
        this.quotas = quotas;
    }

    public record Department(UUID id, String name, @Nullable UUID parentId, @Nullable String scopeUnit) {}

    public record Group(UUID id, String name, List<UUID> memberIds, @Nullable String scopeUnit) {}

    public record Seat(UUID id, String seatNo, @Nullable UUID userId, @Nullable String scopeUnit) {}

    public record SkillGroup(UUID id, String code, String name, @Nullable String scopeUnit) {}

    public record AgentSkill(UUID userId, UUID skillGroupId, int level) {}

    public record PhoneNumber(String number, String purpose, @Nullable String scopeUnit) {}

    // ---- departments

    public Mono<Department> addDepartment(
            TenantContext context, String tenant, String name, @Nullable UUID parentId, @Nullable String scope) {
        requireName(name);
        Department d = new Department(Uuids.v7(), name, parentId, scope);
        return insert(
                        context,
                        db.sql("INSERT INTO directory_department (tenant_id, id, name, parent_id, scope_unit)"
                                        + " VALUES (:t, :id, :n, :p, :s)")
                                .bind("t", tenant)
                                .bind("id", d.id())
                                .bind("n", name)
                                .bind("p", Parameter.fromOrEmpty(parentId, UUID.class))
                                .bind("s", Parameter.fromOrEmpty(scope, String.class)),
                        "department '" + name + "' exists already, or its parent is unknown")
                .thenReturn(d);
    }

    /** The department with this name, created (tenant-wide or in {@code scope}) when it does not exist yet. */
    public Mono<Department> departmentByName(
            TenantContext context, String tenant, String name, @Nullable String scope) {
        Mono<Department> find = db.sql(
                        "SELECT id, name, parent_id, scope_unit FROM directory_department WHERE name = :n")
                .bind("n", name)
                .map(r -> new Department(uuid(r, "id"), text(r, "name"), r.get("parent_id", UUID.class), scope(r)))
                .one();
        return tx.run(context, find.switchIfEmpty(Mono.defer(() -> addDepartment(context, tenant, name, null, scope))));
    }

    public Flux<Department> departments(TenantContext context) {
        return tx.run(
                context,
                db.sql("SELECT id, name, parent_id, scope_unit FROM directory_department ORDER BY name")
                        .map(r -> new Department(
                                uuid(r, "id"), text(r, "name"), r.get("parent_id", UUID.class), scope(r)))
                        .all());
    }

    // ---- groups

    public Mono<Group> addGroup(
            TenantContext context, String tenant, String name, List<UUID> members, @Nullable String scope) {
        requireName(name);
        Group g = new Group(Uuids.v7(), name, List.copyOf(members), scope);
        return tx.run(
                        context,
                        countVisibleUsers(members)
                                .flatMap(found ->
                                        found == members.stream().distinct().count()
                                                ? db.sql("INSERT INTO directory_group (tenant_id, id, name, member_ids,"
                                                                + " scope_unit) VALUES (:t, :id, :n, :m, :s)")
                                                        .bind("t", tenant)
                                                        .bind("id", g.id())
                                                        .bind("n", name)
                                                        .bind("m", members.toArray(UUID[]::new))
                                                        .bind("s", Parameter.fromOrEmpty(scope, String.class))
                                                        .fetch()
                                                        .rowsUpdated()
                                                : Mono.error(new ProblemException(
                                                        ProblemCode.VALIDATION_FAILED,
                                                        "some members are not users you can see")))
                                .onErrorMap(
                                        DataIntegrityViolationException.class,
                                        e -> conflict("group '" + name + "' exists already")))
                .thenReturn(g);
    }

    private Mono<Long> countVisibleUsers(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("SELECT count(*) AS n FROM directory_user WHERE id = ANY(:ids)")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(r -> Objects.requireNonNull(r.get("n", Long.class)))
                .one();
    }

    public Flux<Group> groups(TenantContext context) {
        return tx.run(
                context,
                db.sql("SELECT id, name, member_ids, scope_unit FROM directory_group ORDER BY name")
                        .map(r -> new Group(
                                uuid(r, "id"),
                                text(r, "name"),
                                Arrays.asList(Objects.requireNonNull(r.get("member_ids", UUID[].class))),
                                scope(r)))
                        .all());
    }

    // ---- seats

    public Mono<Seat> addSeat(
            TenantContext context, String tenant, String seatNo, @Nullable UUID userId, @Nullable String scope) {
        if (seatNo == null || !SEAT_NO.matcher(seatNo).matches()) {
            throw new IllegalArgumentException("seat number (工号) must be 1-16 letters, digits or '-'");
        }
        Seat seat = new Seat(Uuids.v7(), seatNo, userId, scope);
        Mono<Void> userVisible = userId == null
                ? Mono.empty()
                : countVisibleUsers(List.of(userId))
                        .filter(n -> n == 1)
                        .switchIfEmpty(Mono.error(() -> new ProblemException(
                                ProblemCode.VALIDATION_FAILED, "user " + userId + " is not a user you can see")))
                        .then();
        Mono<Seat> insert = tx.run(
                        context,
                        userVisible
                                .then(db.sql("INSERT INTO directory_seat (tenant_id, id, seat_no, user_id,"
                                                + " scope_unit) VALUES (:t, :id, :no, :u, :s)")
                                        .bind("t", tenant)
                                        .bind("id", seat.id())
                                        .bind("no", seatNo)
                                        .bind("u", Parameter.fromOrEmpty(userId, UUID.class))
                                        .bind("s", Parameter.fromOrEmpty(scope, String.class))
                                        .fetch()
                                        .rowsUpdated())
                                .onErrorMap(
                                        DataIntegrityViolationException.class,
                                        e -> conflict("seat " + seatNo + " exists already, or the user has a seat")))
                .thenReturn(seat);
        return withSeatQuota(TenantId.of(tenant), insert);
    }

    /**
     * A seat takes one of the tenant's seat quota (R-TEN-3) before it is written, and gives it back if the write
     * fails: over the quota, 429 {@code TENANT_QUOTA_EXCEEDED} and nothing changes. A tenant without quotas (never
     * provisioned through the operator API) is not limited.
     */
    private Mono<Seat> withSeatQuota(TenantId tenant, Mono<Seat> insert) {
        return quotas.acquireOrFail(tenant, QuotaKind.SEATS, 1)
                .map(usage -> true)
                .onErrorResume(
                        e -> e instanceof ProblemException p && p.code() == ProblemCode.NOT_FOUND,
                        e -> Mono.just(false))
                .flatMap(held -> held
                        ? insert.onErrorResume(error -> quotas.release(tenant, QuotaKind.SEATS, 1)
                                .onErrorResume(releaseFailed -> Mono.empty())
                                .then(Mono.error(error)))
                        : insert);
    }

    public Flux<Seat> seats(TenantContext context) {
        return tx.run(
                context,
                db.sql("SELECT id, seat_no, user_id, scope_unit FROM directory_seat ORDER BY seat_no")
                        .map(r -> new Seat(uuid(r, "id"), text(r, "seat_no"), r.get("user_id", UUID.class), scope(r)))
                        .all());
    }

    // ---- skill groups and agent skills

    public Mono<SkillGroup> addSkillGroup(
            TenantContext context, String tenant, String code, String name, @Nullable String scope) {
        if (code == null || !SKILL_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("skill group code must be 1-40 characters a-z, 0-9, '_' or '-'");
        }
        requireName(name);
        SkillGroup g = new SkillGroup(Uuids.v7(), code, name, scope);
        return insert(
                        context,
                        db.sql("INSERT INTO directory_skill_group (tenant_id, id, code, name, scope_unit)"
                                        + " VALUES (:t, :id, :c, :n, :s)")
                                .bind("t", tenant)
                                .bind("id", g.id())
                                .bind("c", code)
                                .bind("n", name)
                                .bind("s", Parameter.fromOrEmpty(scope, String.class)),
                        "skill group '" + code + "' exists already")
                .thenReturn(g);
    }

    /** Finds a skill group by code, creating it when absent (imports, provisioning). */
    public Mono<SkillGroup> skillGroupByCode(TenantContext context, String code) {
        return tx.run(
                context,
                db.sql("SELECT id, code, name, scope_unit FROM directory_skill_group WHERE code = :c")
                        .bind("c", code)
                        .map(r -> new SkillGroup(uuid(r, "id"), text(r, "code"), text(r, "name"), scope(r)))
                        .one());
    }

    /** An active user with a level in a skill group (the group's members, for announcements and the like). */
    public record SkillGroupMember(UUID userId, String username, String displayName, int level) {}

    /** The active users of the skill group {@code code}, highest level first; empty when none (or no such group). */
    public Flux<SkillGroupMember> skillGroupMembers(TenantContext context, String code) {
        return tx.run(
                context,
                db.sql("SELECT u.id, u.username, u.display_name, s.level FROM directory_agent_skill s"
                                + " JOIN directory_skill_group g ON g.id = s.skill_group_id"
                                + " JOIN directory_user u ON u.id = s.user_id"
                                + " WHERE g.code = :c AND u.status = 'ACTIVE' ORDER BY s.level DESC, u.username")
                        .bind("c", code)
                        .map(r -> new SkillGroupMember(
                                uuid(r, "id"),
                                text(r, "username"),
                                text(r, "display_name"),
                                Objects.requireNonNull(r.get("level", Short.class))
                                        .intValue()))
                        .all());
    }

    public Flux<SkillGroup> skillGroups(TenantContext context) {
        return tx.run(
                context,
                db.sql("SELECT id, code, name, scope_unit FROM directory_skill_group ORDER BY code")
                        .map(r -> new SkillGroup(uuid(r, "id"), text(r, "code"), text(r, "name"), scope(r)))
                        .all());
    }

    /** Sets an agent's level (1-10) in a skill group; both must be visible to the caller. */
    public Mono<AgentSkill> setSkill(TenantContext context, String tenant, UUID userId, UUID skillGroupId, int level) {
        if (level < 1 || level > 10) {
            throw new IllegalArgumentException("skill level must be 1-10");
        }
        return tx.run(
                        context,
                        db.sql(
                                        "INSERT INTO directory_agent_skill (tenant_id, user_id, skill_group_id, level, scope_unit)"
                                                + " SELECT :t, u.id, g.id, :l, u.scope_unit FROM directory_user u,"
                                                + " directory_skill_group g WHERE u.id = :u AND g.id = :g"
                                                + " ON CONFLICT (user_id, skill_group_id) DO UPDATE SET level = excluded.level")
                                .bind("t", tenant)
                                .bind("l", (short) level)
                                .bind("u", userId)
                                .bind("g", skillGroupId)
                                .fetch()
                                .rowsUpdated())
                .flatMap(n -> n == 1
                        ? Mono.just(new AgentSkill(userId, skillGroupId, level))
                        : Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such user or skill group.")));
    }

    /** The user's skills; 404 when the user is not visible (another tenant's id, or another workstation's). */
    public Flux<AgentSkill> skillsOf(TenantContext context, UUID userId) {
        Flux<AgentSkill> skills = db.sql(
                        "SELECT user_id, skill_group_id, level FROM directory_agent_skill WHERE user_id = :u")
                .bind("u", userId)
                .map(r -> new AgentSkill(
                        uuid(r, "user_id"),
                        uuid(r, "skill_group_id"),
                        Objects.requireNonNull(r.get("level", Short.class))))
                .all();
        Mono<Boolean> visible = db.sql("SELECT 1 AS one FROM directory_user WHERE id = :u")
                .bind("u", userId)
                .map(r -> Boolean.TRUE)
                .one()
                .defaultIfEmpty(Boolean.FALSE);
        return tx.run(
                context,
                visible.flatMapMany(found ->
                        found ? skills : Flux.error(new ProblemException(ProblemCode.NOT_FOUND, "No such user."))));
    }

    // ---- phone numbers

    public Mono<PhoneNumber> addNumber(
            TenantContext context, String tenant, String number, String purpose, @Nullable String scope) {
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("number must be 3-20 digits, optionally with a leading '+'");
        }
        requireName(purpose);
        return insert(
                        context,
                        db.sql("INSERT INTO directory_phone_number (tenant_id, number, purpose, scope_unit)"
                                        + " VALUES (:t, :n, :p, :s)")
                                .bind("t", tenant)
                                .bind("n", number)
                                .bind("p", purpose)
                                .bind("s", Parameter.fromOrEmpty(scope, String.class)),
                        "number " + number + " is already taken")
                .thenReturn(new PhoneNumber(number, purpose, scope));
    }

    public Flux<PhoneNumber> numbers(TenantContext context) {
        return tx.run(
                context,
                db.sql("SELECT number, purpose, scope_unit FROM directory_phone_number ORDER BY number")
                        .map(r -> new PhoneNumber(text(r, "number"), text(r, "purpose"), scope(r)))
                        .all());
    }

    // ---- helpers

    private Mono<Long> insert(TenantContext context, DatabaseClient.GenericExecuteSpec spec, String conflict) {
        return tx.run(
                context,
                spec.fetch().rowsUpdated().onErrorMap(DataIntegrityViolationException.class, e -> conflict(conflict)));
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(ProblemCode.CONFLICT, detail, Map.of());
    }

    private static void requireName(@Nullable String name) {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("name must be 1-64 characters");
        }
    }

    private static UUID uuid(Readable r, String column) {
        return Objects.requireNonNull(r.get(column, UUID.class));
    }

    private static String text(Readable r, String column) {
        return Objects.requireNonNull(r.get(column, String.class));
    }

    private static @Nullable String scope(Readable r) {
        return r.get("scope_unit", String.class);
    }
}
