/**
 * Call recordings: rtpengine's pcap turned into stereo 8 kHz WAV (caller left, agent right), the local spool, the
 * uploader to the tenant's bucket with retention metadata, and the audited playback links.
 */
@NullMarked
package cn.hotline.media.recording;

import org.jspecify.annotations.NullMarked;
