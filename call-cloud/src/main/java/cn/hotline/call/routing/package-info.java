/** Routing rules from a call's facts (called number, caller prefix and region, IVR choices, time of day, working hours, VIP and black lists) to an IVR tree or a queue, the CallRouter seam for the SIP side, and the what-would-happen simulator. */
@NullMarked
package cn.hotline.call.routing;

import org.jspecify.annotations.NullMarked;
