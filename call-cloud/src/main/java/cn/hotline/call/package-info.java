/** call-cloud: the SIP side, IVR, routing, ACD queues, agent state, call control and call records. */
@NullMarked
package cn.hotline.call;

import org.jspecify.annotations.NullMarked;
