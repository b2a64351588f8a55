package cn.hotline.ticket.attachment;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/** A presigned GET of one attachment, recorded in the access audit before it was handed out. */
public record DownloadLink(UUID attachment, String name, String contentType, URI url, Instant validUntil) {}
