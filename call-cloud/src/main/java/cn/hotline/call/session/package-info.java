/**
 * Live inbound calls on this instance: the trunk's media leg, the hand-over to the ACD through the {@link
 * cn.hotline.call.session.CallRouter} seam, the owner record in Redis, and the release of everything on hang-up.
 */
@NullMarked
package cn.hotline.call.session;

import org.jspecify.annotations.NullMarked;
