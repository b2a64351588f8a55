/** Stable problem codes and the exception that carries one to the RFC 9457 problem-detail renderer. */
@NullMarked
package cn.hotline.kernel.problem;

import org.jspecify.annotations.NullMarked;
