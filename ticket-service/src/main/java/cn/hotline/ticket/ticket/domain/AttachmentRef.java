package cn.hotline.ticket.ticket.domain;

/**
 * Evidence stored elsewhere (object storage), referenced from a ledger entry.
 *
 * @param key the object key in the tenant's bucket
 * @param name the file name shown to people
 */
public record AttachmentRef(String key, String name) {

    public AttachmentRef {
        key = Texts.required("attachment key", key, 512);
        name = Texts.required("attachment name", name, 128);
    }
}
