/** The tenant-aware login page ({@code /t/{tenant}/login}, Chinese with an English switch) and its form post. */
@NullMarked
package cn.hotline.auth.login;

import org.jspecify.annotations.NullMarked;
