package cn.hotline.ticket.knowledge;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A contact of a yellow-pages card. */
public record Contact(String name, String phone, @Nullable String duty) {

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9-]{4,19}");

    public Contact {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("contacts[].name: 1-64 characters");
        }
        if (phone == null || !PHONE.matcher(phone).matches()) {
            throw new IllegalArgumentException("contacts[].phone: 5-20 digits, '-' allowed");
        }
        if (duty != null && duty.length() > 200) {
            throw new IllegalArgumentException("contacts[].duty: at most 200 characters");
        }
    }
}
