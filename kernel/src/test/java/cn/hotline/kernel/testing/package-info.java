/** Test support shared by every reactive service through the kernel's test jar. */
@NullMarked
package cn.hotline.kernel.testing;

import org.jspecify.annotations.NullMarked;
