/** Tests of the gateway's token checks and backend-for-frontend pieces. */
@NullMarked
package cn.hotline.gateway.security;

import org.jspecify.annotations.NullMarked;
