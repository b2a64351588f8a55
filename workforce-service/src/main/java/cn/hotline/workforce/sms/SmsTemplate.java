package cn.hotline.workforce.sms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with named variables, {@code 您的工单${ticket}已办结}. The variables are what the body names; rendering
 * needs every one of them, and nothing else, each 1-64 characters without line breaks.
 */
public record SmsTemplate(
        UUID id, String name, String body, List<String> variables, boolean active, Instant createdAt) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]{0,31})}");

    public SmsTemplate {
        if (name.isBlank() || name.strip().length() > 64) {
            throw new IllegalArgumentException("name must have 1-64 characters");
        }
        if (body.isBlank() || body.length() > 500) {
            throw new IllegalArgumentException("body must have 1-500 characters");
        }
        name = name.strip();
        List<String> named = variablesOf(body);
        if (!named.equals(variables)) {
            throw new IllegalArgumentException("variables must be those the body names: " + named);
        }
        variables = List.copyOf(variables);
    }

    /** A new template; its variables are read from the body. */
    public static SmsTemplate create(UUID id, String name, String body, Instant at) {
        return new SmsTemplate(id, name, body, variablesOf(body), true, at);
    }

    /** The variables the body names, in order of first use; a {@code $&#123;} that names none is refused. */
    public static List<String> variablesOf(String body) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(body);
        while (m.find()) {
            names.add(m.group(1));
        }
        if (VARIABLE.matcher(body).replaceAll("").contains("${")) {
            throw new IllegalArgumentException("a variable is written ${name}: letters, digits, _ (up to 32)");
        }
        return new ArrayList<>(names);
    }

    /**
     * The body with each variable replaced.
     *
     * @throws IllegalArgumentException naming the missing, unknown or bad variable
     */
    public String render(Map<String, String> values) {
        for (String given : values.keySet()) {
            if (!variables.contains(given)) {
                throw new IllegalArgumentException("template '" + name + "' has no variable '" + given + "'");
            }
        }
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(body);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("variable '" + m.group(1) + "' is missing");
            }
            if (value.length() > 64 || value.contains("\n") || value.contains("\r")) {
                throw new IllegalArgumentException("variable '" + m.group(1) + "' must be one line of 1-64 characters");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.strip()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
