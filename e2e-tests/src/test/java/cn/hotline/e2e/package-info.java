/** End-to-end tests of the platform as ./run starts it. */
@NullMarked
package cn.hotline.e2e;

import org.jspecify.annotations.NullMarked;
