package cn.hotline.workforce.scheduling;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.regex.Pattern;

/** A kind of shift (班次): local start and end; an end at or before the start means it ends the next day. */
public record ShiftType(String code, String name, LocalTime starts, LocalTime ends) {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    public ShiftType {
        if (code == null || !CODE.matcher(code).matches() || code.equalsIgnoreCase("OFF")) {
            throw new IllegalArgumentException(
                    "shift code '" + code + "' must be 1-16 characters A-Z, a-z, 0-9, '_' or '-' (and not OFF)");
        }
        if (name == null || name.isBlank() || name.length() > 32) {
            throw new IllegalArgumentException("a shift type needs a name of 1-32 characters");
        }
        if (starts == null || ends == null) {
            throw new IllegalArgumentException("a shift type needs a start and an end");
        }
        if (starts.getMinute() % 30 != 0
                || ends.getMinute() % 30 != 0
                || starts.getSecond() != 0
                || ends.getSecond() != 0) {
            throw new IllegalArgumentException("shifts start and end on the half hour");
        }
    }

    public LocalDateTime start(LocalDate day) {
        return day.atTime(starts);
    }

    public LocalDateTime end(LocalDate day) {
        return ends.isAfter(starts) ? day.atTime(ends) : day.plusDays(1).atTime(ends);
    }
}
