/** Reactive service support: request ids, problem-detail rendering and log correlation for every WebFlux service. */
@NullMarked
package cn.hotline.kernel.web;

import org.jspecify.annotations.NullMarked;
