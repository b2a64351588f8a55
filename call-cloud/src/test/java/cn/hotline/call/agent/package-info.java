@NullMarked
package cn.hotline.call.agent;

import org.jspecify.annotations.NullMarked;
