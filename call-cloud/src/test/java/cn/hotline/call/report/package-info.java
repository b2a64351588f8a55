@NullMarked
package cn.hotline.call.report;

import org.jspecify.annotations.NullMarked;
