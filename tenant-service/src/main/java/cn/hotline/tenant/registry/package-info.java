/** The platform's registry of tenants and their workstations (platform → tenant → workstation). */
@NullMarked
package cn.hotline.tenant.registry;

import org.jspecify.annotations.NullMarked;
