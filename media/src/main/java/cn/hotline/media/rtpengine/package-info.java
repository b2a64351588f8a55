/**
 * The {@code MediaServer} adapter on rtpengine (ng control protocol, userspace): every call is anchored there, prompts
 * are played, RFC 4733 digits are reported over the ng TCP channel, recordings are written as pcap.
 */
@NullMarked
package cn.hotline.media.rtpengine;

import org.jspecify.annotations.NullMarked;
