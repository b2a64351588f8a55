package cn.hotline.tenant.provisioning;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.WorkstationId;
import cn.hotline.tenant.quota.TenantQuotas;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the operator asks for when provisioning a tenant: the whole desired state, so that provisioning can run again
 * (retry, repeated POST) and converge.
 *
 * @param slug the tenant id, also its Pulsar tenant, bucket prefix and Redis key prefix
 * @param name display name, e.g. 南宁市12345政务服务便民热线
 * @param kind what kind of hotline office it is
 * @param hotlineNumbers the service numbers it answers (12345, 12393, or a local number), at least one
 * @param workstations its workstations (工作站), possibly none; ids are {@code <slug>.<name>}
 * @param admin the tenant administrator account created by the directory step
 * @param quotas its limits
 */
public record TenantSpec(
        TenantId slug,
        String name,
        Kind kind,
        List<String> hotlineNumbers,
        List<Workstation> workstations,
        AdminAccount admin,
        TenantQuotas quotas) {

    private static final Pattern NUMBER = Pattern.compile("[0-9]{3,20}");
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,62}");

    public TenantSpec {
        requireText("name", name, 200);
        if (slug.value().equals("platform")) {
            throw new IllegalArgumentException("'platform' is reserved for the operator");
        }
        hotlineNumbers = List.copyOf(hotlineNumbers);
        if (hotlineNumbers.isEmpty() || hotlineNumbers.size() > 50) {
            throw new IllegalArgumentException("a tenant needs between 1 and 50 hotline numbers");
        }
        for (String number : hotlineNumbers) {
            if (number == null || !NUMBER.matcher(number).matches()) {
                throw new IllegalArgumentException("hotline number '" + number + "' must be 3-20 digits");
            }
        }
        if (new HashSet<>(hotlineNumbers).size() != hotlineNumbers.size()) {
            throw new IllegalArgumentException("hotline numbers must not repeat");
        }
        workstations = List.copyOf(workstations);
        Set<WorkstationId> seen = new HashSet<>();
        for (Workstation workstation : workstations) {
            if (!workstation.id().tenant().equals(slug)) {
                throw new IllegalArgumentException(
                        "workstation " + workstation.id() + " does not belong to tenant " + slug);
            }
            if (!seen.add(workstation.id())) {
                throw new IllegalArgumentException("workstation " + workstation.id() + " is listed twice");
            }
        }
        if (workstations.size() > 200) {
            throw new IllegalArgumentException("at most 200 workstations");
        }
    }

    /** The kind of hotline office. */
    public enum Kind {
        CITY,
        DISTRICT,
        MEDICAL_INSURANCE,
        OTHER
    }

    /** A workstation (工作站) of the tenant. */
    public record Workstation(WorkstationId id, String name) {
        public Workstation {
            requireText("workstation name", name, 200);
        }
    }

    /**
     * The tenant administrator. The initial password is handed to the directory step and kept only while
     * provisioning is unfinished (a retry needs it); it is erased from the stored spec once the tenant is active and
     * is not part of the comparison that makes a repeated POST idempotent.
     */
    public record AdminAccount(String username, String displayName, String initialPassword) {
        public AdminAccount {
            if (username == null || !USERNAME.matcher(username).matches()) {
                throw new IllegalArgumentException(
                        "admin username must be 2-63 characters a-z, 0-9, '.', '_' or '-', starting with a letter");
            }
            requireText("admin display name", displayName, 100);
            if (initialPassword == null || initialPassword.length() < 12 || initialPassword.length() > 128) {
                throw new IllegalArgumentException("the admin's initial password needs 12 to 128 characters");
            }
        }

        /** The same account without its password, for storing and comparing. */
        public AdminAccount withoutPassword() {
            return new AdminAccount(username, displayName, REDACTED);
        }

        /** Whether the password was erased after provisioning finished. */
        public boolean passwordErased() {
            return REDACTED.equals(initialPassword);
        }

        static final String REDACTED = "<erased-after-provisioning>";

        @Override
        public String toString() {
            return "AdminAccount[" + username + ", " + displayName + "]";
        }
    }

    /** This spec as stored and compared: the admin's password erased. */
    public TenantSpec withoutSecrets() {
        return new TenantSpec(slug, name, kind, hotlineNumbers, workstations, admin.withoutPassword(), quotas);
    }

    private static void requireText(String what, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(what + " must be 1-" + max + " characters");
        }
    }

    @Override
    public String toString() {
        return "TenantSpec[" + slug + ", " + kind + ", numbers=" + hotlineNumbers + ", workstations="
                + workstations.size() + "]";
    }
}
