/** The media plane: the MediaServer port (package port), object storage for recordings, and the media servers' clients; configured under cc.media. */
@NullMarked
package cn.hotline.media;

import org.jspecify.annotations.NullMarked;
