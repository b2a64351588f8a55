/**
 * Live inbound calls on this instance, end to end: the trunk's media leg, routing ({@link
 * cn.hotline.call.routing.CallRouter}), the IVR driven through the media server, waiting in the queue with music and
 * announcements, the agent's WebRTC leg bridged and recorded, voicemail, lost media, and the release of everything
 * on hang-up.
 */
@NullMarked
package cn.hotline.call.session;

import org.jspecify.annotations.NullMarked;
