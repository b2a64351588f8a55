/** Role checks shared by call-cloud's tenant administration APIs. */
@NullMarked
package cn.hotline.call.access;

import org.jspecify.annotations.NullMarked;
