package cn.hotline.ticket.city;

/**
 * A file the city platform sends with a transferred ticket: in the push as {@code {name, contentType, content}}, the
 * content Base64 (RFC 4648, standard alphabet). The city's contract carries files inline, not as links, so this
 * service never fetches a URL the message names.
 */
public record CityAttachment(String name, String contentType, byte[] content) {

    public CityAttachment {
        CityFields.requireText("name", name, 128);
        CityFields.requireText("contentType", contentType, 128);
        if (content == null) {
            content = new byte[0];
        }
    }
}
