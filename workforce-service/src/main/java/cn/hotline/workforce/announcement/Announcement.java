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

    /** Who sees it: everyone, or the union of the roles and the users named. */
    public record Targets(boolean all, List<String> roles, List<String> users) {
        public Targets {
            roles = List.copyOf(roles);
            users = List.copyOf(users);
            if (!all && roles.isEmpty() && users.isEmpty()) {
                throw new IllegalArgumentException("targets: all, or at least one role or user");
            }
        }
    }
}
