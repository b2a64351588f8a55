/** The gateway: the platform's single public entry, its routes and their configuration ({@code cc.gateway}). */
@NullMarked
package cn.hotline.gateway;

import org.jspecify.annotations.NullMarked;
