package cn.hotline.ticket.attachment;

import java.time.Instant;
import java.util.UUID;

/**
 * An attachment's metadata as the API shows it (the bytes are fetched through a {@link DownloadLink}).
 *
 * @param ledgerSeq the ledger entry that recorded it
 * @param source {@code UPLOAD} (through the API) or {@code CITY} (with the city platform's push)
 * @param uploadedBy the actor ({@code user:<sub>}, {@code city:<client>})
 */
public record Attachment(
        UUID id,
        UUID ticket,
        String name,
        String contentType,
        long size,
        String sha256,
        String source,
        String uploadedBy,
        Instant uploadedAt,
        int ledgerSeq) {

    /** Where an attachment came from. */
    public enum Source {
        UPLOAD,
        CITY
    }
}
