/** Tests of ticket attachments against real S3Mock and PostgreSQL. */
@NullMarked
package cn.hotline.ticket.attachment;

import org.jspecify.annotations.NullMarked;
