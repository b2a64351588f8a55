package cn.hotline.workforce.announcement;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An announcement as a reader sees it.
 *
 * @param read whether the caller has read it
 * @param reads how many users have read it
 */
public record Announcement(
        UUID id,
        String group,
        String title,
        String body,
        boolean urgent,
        boolean scrolling,
        Targets targets,
        Instant publishAt,
        @Nullable Instant expiresAt,
        String createdBy,
        Instant createdAt,
        boolean read,
        long reads,
        long replies) {

    /**
     * Who sees it: everyone, or the union of the roles, the users named and the members of the skill groups (resolved
     * through tenant-service when the announcement goes live; {@code groupMembers} is what that resolution found).
     */
    public record Targets(
            boolean all, List<String> roles, List<String> users, List<String> groups, List<String> groupMembers) {
        public Targets {
            roles = List.copyOf(roles);
            users = List.copyOf(users);
            groups = List.copyOf(groups);
            groupMembers = List.copyOf(groupMembers);
            if (!all && roles.isEmpty() && users.isEmpty() && groups.isEmpty()) {
                throw new IllegalArgumentException("targets: all, or at least one role, user or skill group");
            }
            for (String group : groups) {
                if (!group.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
                    throw new IllegalArgumentException("no skill group code '" + group + "'");
                }
            }
        }

        public Targets(boolean all, List<String> roles, List<String> users) {
            this(all, roles, users, List.of(), List.of());
        }
    }
}
