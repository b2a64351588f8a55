/** Architecture rules shared by every module through the kernel's test jar. */
@NullMarked
package cn.hotline.kernel.architecture;

import org.jspecify.annotations.NullMarked;
