/**
 * Screen pop (弹屏) for the agent desktop: given a caller's number, the caller's recent tickets in this tenant with
 * their linked calls, and a hint when an open ticket looks like the same request.
 */
@NullMarked
package cn.hotline.ticket.screenpop;

import org.jspecify.annotations.NullMarked;
