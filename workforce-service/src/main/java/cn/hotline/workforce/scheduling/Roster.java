package cn.hotline.workforce.scheduling;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A stretch of roster in memory: who works which shift on which day. Pure: staffing per half hour, the rest between an
 * agent's shifts, and the rules a change must keep (minimum staffing, minimum rest).
 */
public record Roster(Map<String, ShiftType> types, List<Entry> entries) {

    public Roster {
        types = Map.copyOf(types);
        entries = List.copyOf(entries);
    }

    public record Entry(String agent, LocalDate day, String shift) {}

    /** A broken rule: which, where and what. */
    public record Violation(String rule, String detail) {}

    public ShiftType type(Entry entry) {
        return Objects.requireNonNull(types.get(entry.shift()), () -> "unknown shift " + entry.shift());
    }

    /** Agents at work in each half hour of {@code day} (keys 0..47 = 00:00, 00:30, …), overnight shifts included. */
    public int[] staffing(LocalDate day) {
        int[] counts = new int[48];
        LocalDateTime from = day.atStartOfDay();
        for (Entry e : entries) {
            ShiftType type = type(e);
            LocalDateTime start = type.start(e.day());
            LocalDateTime end = type.end(e.day());
            for (int slot = 0; slot < 48; slot++) {
                LocalDateTime at = from.plusMinutes(30L * slot);
                if (!at.isBefore(start) && at.isBefore(end)) {
                    counts[slot]++;
                }
            }
        }
        return counts;
    }

    public Map<String, List<String>> agentsPerSlot(LocalDate day) {
        Map<String, List<String>> slots = new TreeMap<>();
        LocalDateTime from = day.atStartOfDay();
        for (int slot = 0; slot < 48; slot++) {
            LocalDateTime at = from.plusMinutes(30L * slot);
            List<String> agents = new ArrayList<>();
            for (Entry e : entries) {
                if (!at.isBefore(type(e).start(e.day())) && at.isBefore(type(e).end(e.day()))) {
                    agents.add(e.agent());
                }
            }
            agents.sort(Comparator.naturalOrder());
            slots.put(slotName(slot), agents);
        }
        return slots;
    }

    public static String slotName(int slot) {
        return String.format("%02d:%02d", slot / 2, slot % 2 * 30);
    }

    public Roster with(List<Entry> removed, List<Entry> added) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeAll(removed);
        next.addAll(added);
        return new Roster(types, next);
    }

    /**
     * The rules a change from this roster to {@code after} must keep on {@code days}: no half hour that the change
     * thins may fall below {@code minStaff}; every agent in {@code agents} keeps {@code minRest} between shifts.
     */
    public List<Violation> check(
            Roster after, List<LocalDate> days, List<String> agents, int minStaff, Duration minRest) {
        List<Violation> violations = new ArrayList<>();
        for (LocalDate day : days) {
            int[] before = staffing(day);
            int[] now = after.staffing(day);
            for (int slot = 0; slot < 48; slot++) {
                if (now[slot] < before[slot] && now[slot] < minStaff) {
                    violations.add(new Violation(
                            "min-staffing",
                            day + " " + slotName(slot) + ": " + now[slot] + " agent(s) left, at least " + minStaff
                                    + " needed"));
                }
            }
        }
        for (String agent : agents) {
            List<Entry> shifts = after.entries().stream()
                    .filter(e -> e.agent().equals(agent))
                    .sorted(Comparator.comparing(Entry::day))
                    .toList();
            for (int i = 1; i < shifts.size(); i++) {
                LocalDateTime end =
                        after.type(shifts.get(i - 1)).end(shifts.get(i - 1).day());
                LocalDateTime start =
                        after.type(shifts.get(i)).start(shifts.get(i).day());
                Duration rest = Duration.between(end, start);
                boolean touched = days.contains(shifts.get(i - 1).day())
                        || days.contains(shifts.get(i).day());
                if (touched && rest.compareTo(minRest) < 0) {
                    violations.add(new Violation(
                            "min-rest",
                            agent + ": " + rest.toHours() + " h " + rest.toMinutesPart() + " min between the shifts of "
                                    + shifts.get(i - 1).day() + " and "
                                    + shifts.get(i).day() + ", at least "
                                    + minRest.toHours() + " h needed"));
                }
            }
        }
        return violations;
    }

    /** Entries grouped by agent, each list by day. */
    public Map<String, List<Entry>> byAgent() {
        Map<String, List<Entry>> map = new TreeMap<>();
        for (Entry e : entries) {
            map.computeIfAbsent(e.agent(), a -> new ArrayList<>()).add(e);
        }
        map.values().forEach(list -> list.sort(Comparator.comparing(Entry::day)));
        return map;
    }

    static Map<String, ShiftType> index(List<ShiftType> types) {
        Map<String, ShiftType> map = new HashMap<>();
        types.forEach(t -> map.put(t.code(), t));
        return map;
    }
}
