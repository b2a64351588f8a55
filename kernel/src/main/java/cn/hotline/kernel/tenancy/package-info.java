/** Who a piece of work runs for: the tenant context carried in the Reactor Context, never in a ThreadLocal. */
@NullMarked
package cn.hotline.kernel.tenancy;

import org.jspecify.annotations.NullMarked;
