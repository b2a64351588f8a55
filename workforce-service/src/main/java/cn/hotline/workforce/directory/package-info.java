/**
 * Shared: what workforce-service reads from tenant-service's directory over its internal API (the members of a skill
 * group, for announcements addressed to a group).
 */
@NullMarked
package cn.hotline.workforce.directory;

import org.jspecify.annotations.NullMarked;
