@NullMarked
package cn.hotline.call.callback;

import org.jspecify.annotations.NullMarked;
