package cn.hotline.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits Janus's libconfig-style {@code .jcfg} text in place, keeping the comments of the packaged files: sets a key of
 * a top-level section, adding the section or key when missing.
 */
final class Jcfg {

    private Jcfg() {}

    static String quoted(String value) {
        if (value.contains("\"")) {
            throw new IllegalArgumentException("jcfg string must not contain a quote: " + value);
        }
        return "\"" + value + "\"";
    }

    /** Sets {@code key = value} in {@code section}; {@code value} is raw jcfg ({@code true}, {@code 8088}, {@code "x"}). */
    static String set(String text, String section, String key, String value) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        String assignment = "\t" + key + " = " + value;
        int start = sectionStart(lines, section);
        if (start < 0) {
            lines.add(section + ": {");
            lines.add(assignment);
            lines.add("}");
            return join(lines);
        }
        if (depthChange(lines.get(start)) == 0) {
            // a one-line section such as "media: {}"
            lines.set(start, section + ": {");
            lines.add(start + 1, assignment);
            lines.add(start + 2, "}");
            return join(lines);
        }
        int end = sectionEnd(lines, start);
        Pattern active = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=.*$");
        int depth = 1;
        for (int i = start + 1; i < end; i++) {
            if (depth == 1 && active.matcher(lines.get(i)).matches()) {
                lines.set(i, assignment);
                return join(lines);
            }
            depth += depthChange(lines.get(i));
        }
        lines.add(end, assignment);
        return join(lines);
    }

    /** The value of an uncommented {@code key} in {@code section}, without quotes. */
    static Optional<String> get(String text, String section, String key) {
        List<String> lines = text.lines().toList();
        int start = sectionStart(lines, section);
        if (start < 0 || depthChange(lines.get(start)) == 0) {
            return Optional.empty();
        }
        int end = sectionEnd(lines, start);
        Pattern active = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=\\s*(\"([^\"]*)\"|[^\\s#]+).*$");
        int depth = 1;
        for (int i = start + 1; i < end; i++) {
            Matcher matcher = active.matcher(lines.get(i));
            if (depth == 1 && matcher.matches()) {
                return Optional.of(matcher.group(2) != null ? matcher.group(2) : matcher.group(1));
            }
            depth += depthChange(lines.get(i));
        }
        return Optional.empty();
    }

    private static int sectionStart(List<String> lines, String section) {
        Pattern header = Pattern.compile("^" + Pattern.quote(section) + "\\s*:\\s*\\{.*$");
        for (int i = 0; i < lines.size(); i++) {
            if (header.matcher(lines.get(i)).matches()) {
                return i;
            }
        }
        return -1;
    }

    private static int sectionEnd(List<String> lines, int start) {
        int depth = depthChange(lines.get(start));
        for (int i = start + 1; i < lines.size(); i++) {
            depth += depthChange(lines.get(i));
            if (depth <= 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("section at line " + (start + 1) + " is not closed");
    }

    /** Opening minus closing braces outside strings and comments. */
    private static int depthChange(String line) {
        int change = 0;
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                inString = !inString;
            } else if (!inString && c == '#') {
                break;
            } else if (!inString && c == '{') {
                change++;
            } else if (!inString && c == '}') {
                change--;
            }
        }
        return change;
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
