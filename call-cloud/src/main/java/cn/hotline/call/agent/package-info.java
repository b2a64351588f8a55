/**
 * The agents' real-time channel: the WebSocket {@code /ws/agent} over which a signed-in agent signs in to the ACD,
 * goes ready or not ready, is offered calls and answers and hangs them up. Speaks to the ACD only through {@link
 * cn.hotline.call.acd.AcdManagement}.
 */
@NullMarked
package cn.hotline.call.agent;

import org.jspecify.annotations.NullMarked;
