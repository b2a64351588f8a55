/**
 * WebRTC for agents' and supervisors' browsers: the ICE servers (coturn with short-lived per-user credentials) a
 * console puts into its {@code RTCPeerConnection}.
 */
@NullMarked
package cn.hotline.call.webrtc;

import org.jspecify.annotations.NullMarked;
