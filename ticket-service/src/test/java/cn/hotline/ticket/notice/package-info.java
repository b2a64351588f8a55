/** Tests of notices on real PostgreSQL and Pulsar. */
@NullMarked
package cn.hotline.ticket.notice;

import org.jspecify.annotations.NullMarked;
