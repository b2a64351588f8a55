/** The shared kernel: identifiers, tenancy, problem codes and event contracts that every service depends on; no business logic. */
@NullMarked
package cn.hotline.kernel;

import org.jspecify.annotations.NullMarked;
