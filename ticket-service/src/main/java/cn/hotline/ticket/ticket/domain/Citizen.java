package cn.hotline.ticket.ticket.domain;

import org.jspecify.annotations.Nullable;

/**
 * The caller's personal data. It is sealed at rest and never travels on an event topic.
 *
 * @param name how the citizen wants to be addressed, if given
 * @param phone the number the request came from or the citizen gave (normalised by the caller of this record)
 * @param contact another way to reach the citizen, if given
 */
public record Citizen(@Nullable String name, String phone, @Nullable String contact) {

    public Citizen {
        name = Texts.optional("citizen name", name, 64);
        phone = Texts.required("phone", phone, 20);
        if (!phone.matches("\\d{3,20}")) {
            throw new IllegalArgumentException("phone must be 3-20 digits");
        }
        contact = Texts.optional("contact", contact, 128);
    }
}
