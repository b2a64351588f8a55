package cn.hotline.kernel.crypto;

import java.util.Locale;

/** The one normal form of a phone number before it is indexed, so that every spelling finds the row. */
public final class PhoneNumbers {

    private PhoneNumbers() {}

    /**
     * Digits only, without the country code of mainland China: {@code +86 138-0013-8000},
     * {@code 008613800138000} and {@code 13800138000} all become {@code 13800138000}; a landline keeps
     * its area code ({@code 0551-65551234} → {@code 055165551234}).
     *
     * @throws IllegalArgumentException when nothing like a number is left
     */
    public static String normalise(String raw) {
        String digits = raw.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\-().]", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        } else if (digits.startsWith("86") && digits.length() == 13) {
            digits = digits.substring(2);
        }
        if (!digits.matches("\\d{3,20}")) {
            throw new IllegalArgumentException("not a phone number: " + raw);
        }
        return digits;
    }
}
