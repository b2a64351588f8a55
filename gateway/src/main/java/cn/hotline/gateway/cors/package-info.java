/** Cross-origin policy: the console is same-origin, so cross-origin requests are refused unless configured. */
@NullMarked
package cn.hotline.gateway.cors;

import org.jspecify.annotations.NullMarked;
