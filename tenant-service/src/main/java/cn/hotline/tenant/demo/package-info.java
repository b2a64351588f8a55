/**
 * Demo tenants (蜀山区, 徐州医保, 南宁市 with its districts), provisioned at start-up through the same facade as the
 * operator API when {@code cc.tenant.demo.enabled} is true.
 */
@NullMarked
package cn.hotline.tenant.demo;

import org.jspecify.annotations.NullMarked;
