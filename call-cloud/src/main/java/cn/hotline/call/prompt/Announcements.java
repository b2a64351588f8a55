package cn.hotline.call.prompt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Position and estimated-wait announcements composed from Mandarin number prompts, the way a person reads the number:
 * 10 is 十, 11 十一, 20 二十, 105 一百零五, 110 一百一十, 1005 一千零五. Numbers above 9999 are read as 9999.
 */
public final class Announcements {

    private static final int MAX = 9999;

    private Announcements() {}

    /** 您前面还有 N 位. */
    public static List<SystemPrompt> position(int callersAhead) {
        if (callersAhead < 0) {
            throw new IllegalArgumentException("callers ahead cannot be negative: " + callersAhead);
        }
        List<SystemPrompt> prompts = new ArrayList<>();
        prompts.add(SystemPrompt.AHEAD);
        prompts.addAll(number(callersAhead));
        prompts.add(SystemPrompt.PEOPLE);
        return List.copyOf(prompts);
    }

    /** 预计等待 N 分钟, rounded up to whole minutes; under a minute 预计等待不到一分钟. */
    public static List<SystemPrompt> estimatedWait(Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("a wait cannot be negative: " + wait);
        }
        long minutes = (wait.toSeconds() + 59) / 60;
        if (minutes < 1) {
            return List.of(SystemPrompt.LESS_THAN_ONE_MINUTE);
        }
        List<SystemPrompt> prompts = new ArrayList<>();
        prompts.add(SystemPrompt.EXPECTED_WAIT);
        prompts.addAll(number((int) Math.min(minutes, MAX)));
        prompts.add(SystemPrompt.MINUTES);
        return List.copyOf(prompts);
    }

    /** The prompts that read {@code n} aloud in Mandarin. */
    public static List<SystemPrompt> number(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot read a negative number: " + n);
        }
        int value = Math.min(n, MAX);
        if (value == 0) {
            return List.of(SystemPrompt.DIGIT_0);
        }
        if (value >= 10 && value < 20) {
            // 十, 十一 … 十九: the leading 一 is not spoken
            return value == 10 ? List.of(SystemPrompt.TEN) : List.of(SystemPrompt.TEN, SystemPrompt.digit(value - 10));
        }
        int[] digits = {value / 1000, value / 100 % 10, value / 10 % 10, value % 10};
        SystemPrompt[] units = {SystemPrompt.THOUSAND, SystemPrompt.HUNDRED, SystemPrompt.TEN, null};
        List<SystemPrompt> prompts = new ArrayList<>();
        boolean started = false;
        boolean zeroPending = false;
        for (int i = 0; i < 4; i++) {
            int d = digits[i];
            if (d == 0) {
                zeroPending = started;
                continue;
            }
            if (zeroPending) {
                prompts.add(SystemPrompt.DIGIT_0); // 一百零五, 一千零五: one 零 for any run of zeros inside
                zeroPending = false;
            }
            prompts.add(SystemPrompt.digit(d));
            SystemPrompt unit = units[i];
            if (unit != null) {
                prompts.add(unit);
            }
            started = true;
        }
        return List.copyOf(prompts);
    }
}
