/** Test peers for the media plane: a carrier played by SIPp, audio files, RTP counters. */
@NullMarked
package cn.hotline.media.testing;

import org.jspecify.annotations.NullMarked;
