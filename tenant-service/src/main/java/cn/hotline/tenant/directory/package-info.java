/**
 * The directory of a tenant: user accounts with Argon2id password hashes and lockout, roles and permissions,
 * departments, groups, seats (工号), skill groups with agent skill levels, phone numbers (DIDs) and the city
 * platform's API client; plus the internal authentication API that auth-server calls (ADR 0002 §3).
 */
@NullMarked
package cn.hotline.tenant.directory;

import org.jspecify.annotations.NullMarked;
