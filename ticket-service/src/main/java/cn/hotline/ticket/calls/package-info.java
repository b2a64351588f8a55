/**
 * Calls linked to tickets: consumes call-cloud's call events per tenant, remembers who answered which call and when
 * it ended, and links each answered call to the tickets its agent opened while on it. Facade
 * {@link cn.hotline.ticket.calls.CallLinks}.
 */
@NullMarked
package cn.hotline.ticket.calls;

import org.jspecify.annotations.NullMarked;
