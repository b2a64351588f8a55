/**
 * What goes into tokens and how they are kept: tenant claims, the persisted signing key, and refresh
 * token rotation with reuse detection over the JDBC authorization store.
 */
@NullMarked
package cn.hotline.auth.token;

import org.jspecify.annotations.NullMarked;
