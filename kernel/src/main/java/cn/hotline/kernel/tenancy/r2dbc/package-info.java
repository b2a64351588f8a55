/** R2DBC tenant guard: binds the tenant to each database transaction and refuses statements outside one. */
@NullMarked
package cn.hotline.kernel.tenancy.r2dbc;

import org.jspecify.annotations.NullMarked;
