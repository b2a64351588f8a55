/**
 * Internal messages (坐席内部消息) between the people of one tenant — agent to agent, supervisor to agent, to a skill
 * group or to everyone — kept per tenant with per-reader read marks, delivered live over the agent and supervisor
 * sockets on every instance (Redis pub/sub) and paged back over HTTP.
 */
@NullMarked
package cn.hotline.call.messaging;

import org.jspecify.annotations.NullMarked;
