package cn.hotline.ticket.city;

import org.jspecify.annotations.Nullable;

/** Field rules shared by the city's messages; a broken rule names the field. */
final class CityFields {

    private CityFields() {}

    /** A field of an inbound message that breaks its rule; becomes a VALIDATION_FAILED problem naming it. */
    static final class InvalidField extends IllegalArgumentException {
        private final String field;

        InvalidField(String field, String rule) {
            super(field + " " + rule);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    static void requireText(String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidField(field, "is required");
        }
        if (value.length() > max) {
            throw new InvalidField(field, "is longer than " + max + " characters");
        }
    }

    static void optionalText(String field, @Nullable String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidField(field, "is longer than " + max + " characters");
        }
    }
}
