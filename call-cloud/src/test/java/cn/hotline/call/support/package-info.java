/** Test support for call-cloud's tenant-administration ITs: HTTP helpers and tenant-service's calendar answer. */
@NullMarked
package cn.hotline.call.support;

import org.jspecify.annotations.NullMarked;
