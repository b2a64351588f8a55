/** Role checks shared by call-cloud's tenant APIs: administration, call records and reports. */
@NullMarked
package cn.hotline.call.access;

import org.jspecify.annotations.NullMarked;
