package cn.hotline.call.routing;

import java.util.Optional;

/**
 * Chinese numbers as routing compares them: digits only, without {@code +86} / {@code 0086} / {@code 86} before a
 * mobile; a landline keeps its leading 0 and area code (010 and 02x have three digits, the others four).
 */
public final class PhoneNumbers {

    private PhoneNumbers() {}

    public static String normalise(String number) {
        String digits = number.replaceAll("[\\s()-]", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
            digits = national(digits);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
            digits = national(digits);
        } else if (digits.startsWith("86") && digits.length() == 13 && digits.charAt(2) == '1') {
            digits = digits.substring(2);
        }
        if (!digits.matches("[0-9]{3,20}")) {
            throw new IllegalArgumentException("'" + number + "' is not a phone number");
        }
        return digits;
    }

    /** After the country code: a mobile stays, a landline gets its trunk 0 back (+86 551 … is 0551 …). */
    private static String national(String digits) {
        boolean mobile = digits.length() == 11 && digits.startsWith("1");
        return mobile || digits.startsWith("0") || digits.length() < 9 ? digits : "0" + digits;
    }

    public static boolean isMobile(String normalised) {
        return normalised.length() == 11 && normalised.startsWith("1");
    }

    /** The area code of a landline ({@code 0516}, {@code 010}); empty for mobiles and short numbers. */
    public static Optional<String> areaCode(String normalised) {
        if (!normalised.startsWith("0") || normalised.length() < 10) {
            return Optional.empty();
        }
        char second = normalised.charAt(1);
        return Optional.of(second == '1' || second == '2' ? normalised.substring(0, 3) : normalised.substring(0, 4));
    }
}
