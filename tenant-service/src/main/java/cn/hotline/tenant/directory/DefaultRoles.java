package cn.hotline.tenant.directory;

import static cn.hotline.tenant.directory.Permission.CALENDAR_READ;
import static cn.hotline.tenant.directory.Permission.CALENDAR_WRITE;
import static cn.hotline.tenant.directory.Permission.CALLS_HANDLE;
import static cn.hotline.tenant.directory.Permission.CALLS_SUPERVISE;
import static cn.hotline.tenant.directory.Permission.CITY_EXCHANGE;
import static cn.hotline.tenant.directory.Permission.CLIENTS_MANAGE;
import static cn.hotline.tenant.directory.Permission.DIRECTORY_READ;
import static cn.hotline.tenant.directory.Permission.DIRECTORY_WRITE;
import static cn.hotline.tenant.directory.Permission.QUOTAS_READ;
import static cn.hotline.tenant.directory.Permission.REPORTS_READ;
import static cn.hotline.tenant.directory.Permission.ROLES_ASSIGN;
import static cn.hotline.tenant.directory.Permission.TENANTS_OPERATE;
import static cn.hotline.tenant.directory.Permission.TICKETS_DISPATCH;
import static cn.hotline.tenant.directory.Permission.TICKETS_HANDLE_UNIT;
import static cn.hotline.tenant.directory.Permission.TICKETS_READ;
import static cn.hotline.tenant.directory.Permission.TICKETS_WRITE;
import static cn.hotline.tenant.directory.Permission.UNITS_READ;
import static cn.hotline.tenant.directory.Permission.UNITS_WRITE;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The built-in roles every tenant gets at provisioning (ADR 0002 §2 role codes). */
public final class DefaultRoles {

    public static final String OPERATOR = "OPERATOR";
    public static final String TENANT_ADMIN = "TENANT_ADMIN";
    public static final String SUPERVISOR = "SUPERVISOR";
    public static final String AGENT = "AGENT";
    public static final String TICKET_CLERK = "TICKET_CLERK";
    public static final String UNIT_USER = "UNIT_USER";
    public static final String CITY_PLATFORM = "CITY_PLATFORM";

    private static final Map<String, TenantRole> ROLES = new LinkedHashMap<>();

    static {
        add(OPERATOR, "平台运维 Platform operator", EnumSet.of(TENANTS_OPERATE, REPORTS_READ));
        add(
                TENANT_ADMIN,
                "租户管理员 Tenant administrator",
                EnumSet.of(
                        DIRECTORY_READ,
                        DIRECTORY_WRITE,
                        ROLES_ASSIGN,
                        CLIENTS_MANAGE,
                        CALENDAR_READ,
                        CALENDAR_WRITE,
                        UNITS_READ,
                        UNITS_WRITE,
                        TICKETS_READ,
                        REPORTS_READ,
                        QUOTAS_READ));
        add(
                SUPERVISOR,
                "班长 Supervisor",
                EnumSet.of(
                        DIRECTORY_READ,
                        CALENDAR_READ,
                        UNITS_READ,
                        CALLS_HANDLE,
                        CALLS_SUPERVISE,
                        TICKETS_READ,
                        TICKETS_WRITE,
                        TICKETS_DISPATCH,
                        REPORTS_READ));
        add(AGENT, "话务员 Agent", EnumSet.of(CALENDAR_READ, UNITS_READ, CALLS_HANDLE, TICKETS_READ, TICKETS_WRITE));
        add(
                TICKET_CLERK,
                "派单员 Ticket clerk",
                EnumSet.of(CALENDAR_READ, UNITS_READ, TICKETS_READ, TICKETS_WRITE, TICKETS_DISPATCH));
        add(UNIT_USER, "承办单位用户 Handling-unit user", EnumSet.of(CALENDAR_READ, TICKETS_HANDLE_UNIT));
        add(CITY_PLATFORM, "市级平台接口 City-platform client", EnumSet.of(CITY_EXCHANGE, TICKETS_READ));
    }

    private DefaultRoles() {}

    private static void add(String code, String name, Set<Permission> permissions) {
        ROLES.put(code, new TenantRole(code, name, permissions, true));
    }

    /** The roles a tenant is provisioned with (without {@code OPERATOR}, which only the platform has). */
    public static List<TenantRole> forTenant() {
        return ROLES.values().stream().filter(r -> !r.code().equals(OPERATOR)).toList();
    }

    /** The roles of the platform tenant. */
    public static List<TenantRole> forPlatform() {
        return List.of(ROLES.get(OPERATOR));
    }

    public static Optional<TenantRole> find(String code) {
        return Optional.ofNullable(ROLES.get(code));
    }
}
