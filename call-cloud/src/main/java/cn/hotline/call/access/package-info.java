/** Who may read call-cloud's records and reports of a tenant. */
@NullMarked
package cn.hotline.call.access;

import org.jspecify.annotations.NullMarked;
