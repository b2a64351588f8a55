/**
 * Attachments of tickets (photos, documents, audio): upload within the tenant's size and type limits into S3, one
 * metadata row and one ledger entry per upload, listing, and audited short-lived download links. Facade
 * {@link cn.hotline.ticket.attachment.TicketAttachments}.
 */
@NullMarked
package cn.hotline.ticket.attachment;

import org.jspecify.annotations.NullMarked;
