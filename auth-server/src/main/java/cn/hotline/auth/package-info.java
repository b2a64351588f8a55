/** auth-server: the OIDC issuer of every tenant ({@code /t/{tenant}}), on Spring Authorization Server (servlet). */
@NullMarked
package cn.hotline.auth;

import org.jspecify.annotations.NullMarked;
