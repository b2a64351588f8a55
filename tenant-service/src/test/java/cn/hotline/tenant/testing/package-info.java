/** Test support for tenant-service. */
@NullMarked
package cn.hotline.tenant.testing;

import org.jspecify.annotations.NullMarked;
