/** Tests of linking calls to tickets from call events on a real Pulsar. */
@NullMarked
package cn.hotline.ticket.calls;

import org.jspecify.annotations.NullMarked;
