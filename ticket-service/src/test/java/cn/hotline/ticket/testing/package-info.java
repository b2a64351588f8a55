/** Test support: the service against real servers, tokens, and the contract stub of tenant-service's internal API. */
@NullMarked
package cn.hotline.ticket.testing;

import org.jspecify.annotations.NullMarked;
