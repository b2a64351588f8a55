/** Tests of the resource-server chain and the caller model. */
@NullMarked
package cn.hotline.kernel.security;

import org.jspecify.annotations.NullMarked;
