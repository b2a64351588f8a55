/** Test support of workforce-service: the one application context its ITs share. */
@NullMarked
package cn.hotline.workforce.testing;

import org.jspecify.annotations.NullMarked;
