/** Tests of call-cloud's recording archive, index and the {@code CallRecorded} event. */
@NullMarked
package cn.hotline.call.recording;

import org.jspecify.annotations.NullMarked;
