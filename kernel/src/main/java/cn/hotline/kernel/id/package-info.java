/** Identifier value types that validate themselves on construction. */
@NullMarked
package cn.hotline.kernel.id;

import org.jspecify.annotations.NullMarked;
