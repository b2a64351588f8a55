/**
 * The ACD model in plain Java: agents with skills and a state machine, skill-group queues with priorities, and the
 * per-tenant decision engine {@link cn.hotline.call.acd.domain.Acd} that offers each call to the best ready agent.
 * Single-threaded by contract: exactly one writer per tenant drives an {@code Acd}.
 */
@NullMarked
package cn.hotline.call.acd.domain;

import org.jspecify.annotations.NullMarked;
