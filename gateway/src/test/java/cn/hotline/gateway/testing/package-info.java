/** Test support of the gateway. */
@NullMarked
package cn.hotline.gateway.testing;

import org.jspecify.annotations.NullMarked;
