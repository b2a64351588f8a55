/**
 * The {@code MediaServer} port: what call-cloud asks of a media server, in contact-centre language (trunk legs, agent
 * legs, bridges, prompts, digits, hold, recording, supervisor monitoring), never one server's API. Adapters live in
 * sibling packages; blocking clients stay inside their adapter.
 */
@NullMarked
package cn.hotline.media.port;

import org.jspecify.annotations.NullMarked;
