@NullMarked
package cn.hotline.call.history;

import org.jspecify.annotations.NullMarked;
