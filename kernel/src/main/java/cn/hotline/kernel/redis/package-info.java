/** Redis as every reactive service uses it: the shared Lettuce connection opened at start-up, off the event loops. */
@NullMarked
package cn.hotline.kernel.redis;

import org.jspecify.annotations.NullMarked;
