package cn.hotline.tenant.calendar;

import java.time.LocalDate;
import java.util.Objects;

/** A dated exception to the weekly pattern: a holiday or a make-up working day, with its name (元旦, 春节 …). */
public record SpecialDay(LocalDate date, DayKind kind, String name) {

    public SpecialDay {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("a special day needs a name of 1-64 characters");
        }
    }
}
