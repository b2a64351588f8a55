/** Tests of reading units and calendars from the real tenant-service. */
@NullMarked
package cn.hotline.ticket.directory;

import org.jspecify.annotations.NullMarked;
