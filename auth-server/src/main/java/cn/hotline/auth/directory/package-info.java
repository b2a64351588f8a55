/**
 * The client of tenant-service's internal API (ADR 0002 §3): tenants' status, password checks and API
 * clients. auth-server keeps no copy of accounts.
 */
@NullMarked
package cn.hotline.auth.directory;

import org.jspecify.annotations.NullMarked;
