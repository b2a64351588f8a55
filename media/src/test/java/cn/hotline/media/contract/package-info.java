/** The contract every {@code MediaServer} adapter that can run here passes against its real server. */
@NullMarked
package cn.hotline.media.contract;

import org.jspecify.annotations.NullMarked;
