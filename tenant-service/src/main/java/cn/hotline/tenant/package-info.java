/** tenant-service: tenants and their hierarchy, users, roles, quotas and provisioning (filled by the tenancy issue). */
@NullMarked
package cn.hotline.tenant;

import org.jspecify.annotations.NullMarked;
