/** The media plane: the MediaServer port (arriving with the media issue), object storage for recordings, and the media servers' clients; configured under cc.media. */
@NullMarked
package cn.hotline.media;

import org.jspecify.annotations.NullMarked;
