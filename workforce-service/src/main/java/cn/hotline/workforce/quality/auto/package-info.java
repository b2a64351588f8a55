/**
 * Automatic QA: signals from the stereo recording (energy-based voice activity per channel: silence share, talk-over,
 * talk ratio, hold, longest silence) and rules over a transcript from a speech-recognition port.
 */
@NullMarked
package cn.hotline.workforce.quality.auto;

import org.jspecify.annotations.NullMarked;
