package cn.hotline.call.admission;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A phone number in the platform's one canonical form: national digits as dialled inside mainland China, the form
 * the kernel's {@code PhoneNumbers.normalise} and tenant-service's number directory use. Mobiles are 11 digits
 * ({@code 13800138000}), landlines keep the 0 and their area code ({@code 055165312345}), short service numbers stay
 * short ({@code 12345}, {@code 12393}, {@code 110}, {@code 95518}) or keep an area code when one was dialled
 * ({@code 055112345}: another city's 12345); numbers abroad are {@code +} and digits.
 */
public record PhoneNumber(String value, Kind kind) {

    /** What the number is. */
    public enum Kind {
        MOBILE,
        LANDLINE,
        SERVICE,
        INTERNATIONAL
    }

    public PhoneNumber {
        if (value == null || kind == null || !value.matches("\\+?[0-9]{3,20}")) {
            throw new IllegalArgumentException("not a canonical phone number: " + value);
        }
    }

    /**
     * Reads a number as carriers send it: {@code +86 138-0013-8000}, {@code 008613800138000}, {@code 8613800138000},
     * {@code 013800138000} (a mobile with the long-distance 0), {@code 0551-65312345}, {@code +86 551 6531 2345},
     * {@code 65312345} (local: the trunk's area code is added), {@code 12345}, {@code 0551 12345}, {@code tel:} and
     * {@code sip:} URIs with parameters.
     *
     * @param areaCode the trunk's own area code with its 0 ({@code 0551}), for local numbers; null if it has none
     * @throws IllegalArgumentException when the text is no number or a local number cannot be completed
     */
    public static PhoneNumber parse(String raw, @Nullable String areaCode) {
        String text = raw.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("tel:")) {
            text = text.substring(4);
        } else if (text.startsWith("sip:") || text.startsWith("sips:")) {
            text = text.substring(text.indexOf(':') + 1);
            int at = text.indexOf('@');
            text = at < 0 ? text : text.substring(0, at);
        }
        int parameters = text.indexOf(';');
        text = parameters < 0 ? text : text.substring(0, parameters);
        String digits = text.replaceAll("[\\s\\-().]", "");
        if (!digits.matches("\\+?[0-9]{3,20}")) {
            throw new IllegalArgumentException("not a phone number: " + raw);
        }
        if (digits.startsWith("+86")) {
            return significant(digits.substring(3), raw);
        }
        if (digits.startsWith("0086")) {
            return significant(digits.substring(4), raw);
        }
        if (digits.startsWith("+")) {
            return new PhoneNumber(digits, Kind.INTERNATIONAL);
        }
        if (digits.startsWith("00")) {
            return new PhoneNumber("+" + digits.substring(2), Kind.INTERNATIONAL);
        }
        if (digits.length() == 13 && digits.matches("861[3-9][0-9]{9}")) {
            return new PhoneNumber(digits.substring(2), Kind.MOBILE);
        }
        if (digits.startsWith("0")) {
            if (digits.matches("01[3-9][0-9]{9}")) {
                return new PhoneNumber(digits.substring(1), Kind.MOBILE);
            }
            return landline(digits, raw);
        }
        if (digits.matches("1[3-9][0-9]{9}")) {
            return new PhoneNumber(digits, Kind.MOBILE);
        }
        if (isService(digits)) {
            return new PhoneNumber(digits, Kind.SERVICE);
        }
        if (digits.matches("[2-8][0-9]{6,7}")) {
            if (areaCode == null || !areaCode.matches("0[1-9][0-9]{1,2}")) {
                throw new IllegalArgumentException("local number " + raw + " needs the trunk's area code");
            }
            return new PhoneNumber(areaCode + digits, Kind.LANDLINE);
        }
        throw new IllegalArgumentException("not a phone number of mainland China: " + raw);
    }

    /** The digits after the country code 86: a mobile, or an area code without its 0 and the rest. */
    private static PhoneNumber significant(String nsn, String raw) {
        if (nsn.matches("1[3-9][0-9]{9}")) {
            return new PhoneNumber(nsn, Kind.MOBILE);
        }
        if (nsn.startsWith("0")) {
            nsn = nsn.substring(1); // +86 (0)551 …: the bracketed trunk prefix written anyway
        }
        return landline("0" + nsn, raw);
    }

    private static PhoneNumber landline(String national, String raw) {
        // 010 and 02x have two-digit area codes, every other area code three digits (0551, 0771).
        int areaLength = national.matches("0(10|2[0-9]).*") ? 3 : 4;
        if (national.length() <= areaLength || !national.matches("0[1-9][0-9]+")) {
            throw new IllegalArgumentException("not a landline number: " + raw);
        }
        String local = national.substring(areaLength);
        if (isService(local)) {
            return new PhoneNumber(national, Kind.SERVICE);
        }
        if (!local.matches("[2-9][0-9]{6,7}")) {
            throw new IllegalArgumentException("not a landline number: " + raw);
        }
        return new PhoneNumber(national, Kind.LANDLINE);
    }

    /** 1xx emergency and 1xxxx government / operator hotlines, 95xxx and 96xxx service numbers. */
    private static boolean isService(String digits) {
        return digits.matches("1[0-9]{2}|1[0-2][0-9]{3}|9[56][0-9]{3,4}");
    }

    @Override
    public String toString() {
        return value;
    }
}
