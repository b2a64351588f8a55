/** Who may call the workforce APIs: the tenant and role checks the features share. */
@NullMarked
package cn.hotline.workforce.access;

import org.jspecify.annotations.NullMarked;
