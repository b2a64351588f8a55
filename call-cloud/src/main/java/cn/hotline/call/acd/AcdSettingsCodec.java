package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.AcdSettings;
import cn.hotline.call.acd.domain.SkillId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Overflow rules as text ({@code from>to@seconds,…}, in order per group), for the database and the wire. */
final class AcdSettingsCodec {

    private AcdSettingsCodec() {}

    static String overflow(AcdSettings settings) {
        List<String> rules = new ArrayList<>();
        settings.overflow().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> entry.getValue()
                        .forEach(rule -> rules.add(entry.getKey().value() + ">"
                                + rule.to().value() + "@" + rule.after().toSeconds())));
        return String.join(",", rules);
    }

    static AcdSettings settings(long ringMillis, long wrapUpMillis, int maxQueueLength, String overflow) {
        Map<SkillId, List<AcdSettings.Overflow>> rules = new LinkedHashMap<>();
        if (!overflow.isBlank()) {
            for (String rule : overflow.split(",")) {
                int gt = rule.indexOf('>');
                int at = rule.indexOf('@');
                if (gt < 1 || at < gt + 2) {
                    throw new IllegalArgumentException("not an overflow rule: " + rule);
                }
                rules.computeIfAbsent(SkillId.of(rule.substring(0, gt)), g -> new ArrayList<>())
                        .add(new AcdSettings.Overflow(
                                SkillId.of(rule.substring(gt + 1, at)),
                                Duration.ofSeconds(Long.parseLong(rule.substring(at + 1)))));
            }
        }
        return new AcdSettings(Duration.ofMillis(ringMillis), Duration.ofMillis(wrapUpMillis), maxQueueLength, rules);
    }
}
