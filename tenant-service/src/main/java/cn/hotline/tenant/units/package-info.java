/**
 * Handling units (承办单位) of a tenant as a tree: city-level member units, district units and their
 * second-level units (二级单位), each with contacts; unit users are scoped {@code unit:<code>}.
 */
@NullMarked
package cn.hotline.tenant.units;

import org.jspecify.annotations.NullMarked;
