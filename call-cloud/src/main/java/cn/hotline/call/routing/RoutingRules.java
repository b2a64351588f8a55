package cn.hotline.call.routing;

import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.ivr.NodeError;
import cn.hotline.call.ivr.TenantCalendar;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's routing rules: ordered, first match wins, with a default. Plain Java. The document:
 *
 * <pre>{@code
 * {"lists": {"vip": ["13800000001"], "blacklist": ["13900000000"]},
 *  "rules": [
 *    {"name": "blocked", "when": {"callerIn": "blacklist"}, "then": {"action": "reject", "reason": "blacklisted"}},
 *    {"name": "vip", "when": {"callerIn": "vip"}, "then": {"action": "queue", "group": "vip", "priority": 9}},
 *    {"name": "night", "when": {"workingHours": false}, "then": {"action": "voicemail"}},
 *    {"name": "remote", "when": {"ivrChoice": "3"}, "then": {"action": "queue", "group": "remote"}},
 *    {"name": "local", "when": {"callerRegion": ["0516"], "calledNumber": ["12393"]},
 *     "then": {"action": "ivr", "tree": "main"}},
 *    {"name": "lunch", "when": {"timeOfDay": {"from": "12:00", "to": "13:30"}, "days": ["SATURDAY"]},
 *     "then": {"action": "queue", "group": "general", "priority": 1}}],
 *  "default": {"action": "ivr", "tree": "main"},
 *  "defaultQueue": {"group": "general", "priority": 0}}
 * }</pre>
 *
 * Conditions of a rule all have to hold: {@code calledNumber} (any of), {@code callerPrefix} (any of, on the
 * normalised number), {@code callerRegion} (area codes of landlines), {@code callerIn} (a list of this document),
 * {@code ivrChoice} (the menu digits so far, {@code "1"} or {@code "1/3"}, matching that path or a longer one),
 * {@code timeOfDay} ({@code from} inclusive, {@code to} exclusive, may wrap midnight) and {@code days} in the
 * tenant's zone, {@code workingHours} and {@code holiday} from the tenant's calendar.
 *
 * <p>Two passes: when the call arrives, rules with {@code ivrChoice} are skipped (nobody has chosen yet); when an IVR
 * ends in a queue node without a group, rules whose action is {@code ivr} are skipped and the default is {@code
 * defaultQueue}.
 */
public record RoutingRules(
        Map<String, Set<String>> lists, List<Rule> rules, Action fallback, Action.Queue defaultQueue) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");

    public RoutingRules {
        lists = Map.copyOf(lists);
        rules = List.copyOf(rules);
    }

    /** With no rules stored: the tree {@code main} if it is published (checked by the router), else queue general. */
    public static RoutingRules none() {
        return new RoutingRules(
                Map.of(), List.of(), new Action.Ivr("main"), new Action.Queue(SkillId.of("general"), 0));
    }

    public sealed interface Action {
        record Queue(SkillId group, int priority) implements Action {}

        record Ivr(String tree) implements Action {}

        record Voicemail() implements Action {}

        record Reject(String reason) implements Action {}
    }

    public record TimeWindow(LocalTime from, LocalTime to) {
        boolean contains(LocalTime time) {
            return from.isBefore(to)
                    ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to); // wraps midnight
        }
    }

    public record Rule(
            String name,
            List<String> calledNumbers,
            List<String> callerPrefixes,
            List<String> callerRegions,
            @Nullable String callerIn,
            @Nullable String ivrChoice,
            @Nullable TimeWindow timeOfDay,
            Set<DayOfWeek> days,
            @Nullable Boolean workingHours,
            @Nullable Boolean holiday,
            Action then) {}

    public enum Pass {
        ARRIVAL,
        AFTER_IVR
    }

    /** The rule that matched (null for the default), its action, and why. */
    public record Match(@Nullable Rule rule, Action action, List<String> why) {}

    public Match evaluate(Pass pass, CallFacts facts, TenantCalendar calendar, List<String> choices) {
        String path = String.join("/", choices);
        for (Rule rule : rules) {
            if (pass == Pass.ARRIVAL && rule.ivrChoice() != null) {
                continue;
            }
            if (pass == Pass.AFTER_IVR && rule.then() instanceof Action.Ivr) {
                continue;
            }
            List<String> why = matches(rule, facts, calendar, path);
            if (why != null) {
                return new Match(rule, rule.then(), why);
            }
        }
        if (pass == Pass.AFTER_IVR) {
            return new Match(
                    null, defaultQueue, List.of("no rule matched the IVR choices '" + path + "': defaultQueue"));
        }
        return new Match(null, fallback, List.of("no rule matched: default"));
    }

    /** The reasons the rule matches, or null when it does not. */
    private @Nullable List<String> matches(Rule rule, CallFacts facts, TenantCalendar calendar, String path) {
        List<String> why = new ArrayList<>();
        if (!rule.calledNumbers().isEmpty()) {
            if (!rule.calledNumbers().contains(facts.calledNumber())) {
                return null;
            }
            why.add("called number " + facts.calledNumber());
        }
        if (!rule.callerPrefixes().isEmpty()) {
            String prefix = rule.callerPrefixes().stream()
                    .filter(p -> facts.callerNumber().startsWith(p))
                    .findFirst()
                    .orElse(null);
            if (prefix == null) {
                return null;
            }
            why.add("caller " + facts.callerNumber() + " starts with " + prefix);
        }
        if (!rule.callerRegions().isEmpty()) {
            String region = facts.callerRegion().orElse(null);
            if (region == null || !rule.callerRegions().contains(region)) {
                return null;
            }
            why.add("caller's area code " + region);
        }
        if (rule.callerIn() != null) {
            if (!lists.getOrDefault(rule.callerIn(), Set.of()).contains(facts.callerNumber())) {
                return null;
            }
            why.add("caller is on list '" + rule.callerIn() + "'");
        }
        if (rule.ivrChoice() != null) {
            if (!(path.equals(rule.ivrChoice()) || path.startsWith(rule.ivrChoice() + "/"))) {
                return null;
            }
            why.add("IVR choices '" + path + "' match '" + rule.ivrChoice() + "'");
        }
        if (rule.timeOfDay() != null) {
            LocalTime time = calendar.localTime(facts.at());
            if (!rule.timeOfDay().contains(time)) {
                return null;
            }
            why.add("local time " + time.withNano(0) + " within "
                    + rule.timeOfDay().from() + "-" + rule.timeOfDay().to());
        }
        if (!rule.days().isEmpty()) {
            DayOfWeek day = calendar.dayOfWeek(facts.at());
            if (!rule.days().contains(day)) {
                return null;
            }
            why.add("day " + day);
        }
        if (rule.workingHours() != null) {
            boolean working = calendar.isWorkingTime(facts.at());
            if (working != rule.workingHours()) {
                return null;
            }
            why.add(working ? "within working hours" : "outside working hours");
        }
        if (rule.holiday() != null) {
            boolean holiday = calendar.isHoliday(facts.at());
            if (holiday != rule.holiday()) {
                return null;
            }
            why.add(holiday ? "a holiday" : "not a holiday");
        }
        if (why.isEmpty()) {
            why.add("the rule has no conditions");
        }
        return why;
    }

    /** Every IVR tree the rules can send a call to. */
    public Set<String> trees() {
        Set<String> trees = new HashSet<>();
        if (fallback instanceof Action.Ivr ivr) {
            trees.add(ivr.tree());
        }
        rules.forEach(rule -> {
            if (rule.then() instanceof Action.Ivr ivr) {
                trees.add(ivr.tree());
            }
        });
        return trees;
    }

    public record Parsed(@Nullable RoutingRules rules, List<NodeError> errors) {
        public Parsed {
            errors = List.copyOf(errors);
        }
    }

    /** Reads the document, reporting each problem as {node: rule name or rules[i], field, message}. */
    public static Parsed parse(@Nullable JsonNode document) {
        List<NodeError> errors = new ArrayList<>();
        if (document == null || !document.isObject()) {
            errors.add(new NodeError("", "", "the rules are a JSON object with 'rules', 'default', 'defaultQueue'"));
            return new Parsed(null, errors);
        }
        for (String field : document.propertyNames()) {
            if (!Set.of("lists", "rules", "default", "defaultQueue").contains(field)) {
                errors.add(new NodeError("", field, "unknown field; allowed: lists, rules, default, defaultQueue"));
            }
        }
        Map<String, Set<String>> lists = new HashMap<>();
        JsonNode listsNode = document.get("lists");
        if (listsNode != null) {
            if (!listsNode.isObject()) {
                errors.add(new NodeError("", "lists", "'lists' maps a name to an array of numbers"));
            } else {
                for (Map.Entry<String, JsonNode> list : listsNode.properties()) {
                    Set<String> numbers = new HashSet<>();
                    if (!NAME.matcher(list.getKey()).matches()
                            || !list.getValue().isArray()) {
                        errors.add(new NodeError(
                                "",
                                "lists." + list.getKey(),
                                "a list has a name of a-z 0-9 _ - and an array of numbers"));
                        continue;
                    }
                    for (JsonNode n : list.getValue()) {
                        try {
                            numbers.add(PhoneNumbers.normalise(n.asString()));
                        } catch (IllegalArgumentException e) {
                            errors.add(new NodeError("", "lists." + list.getKey(), e.getMessage()));
                        }
                    }
                    lists.put(list.getKey(), numbers);
                }
            }
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode rulesNode = document.get("rules");
        Set<String> names = new HashSet<>();
        if (rulesNode != null && !rulesNode.isArray()) {
            errors.add(new NodeError("", "rules", "'rules' is an array, in the order they are tried"));
        } else if (rulesNode != null) {
            if (rulesNode.size() > 500) {
                errors.add(new NodeError("", "rules", "at most 500 rules"));
            }
            int i = 0;
            for (JsonNode ruleNode : rulesNode) {
                String label = "rules[" + i++ + "]";
                JsonNode nameNode = ruleNode.get("name");
                if (nameNode == null
                        || !nameNode.isString()
                        || !NAME.matcher(nameNode.stringValue()).matches()) {
                    errors.add(new NodeError(label, "name", "a rule needs a name of 1-48 of a-z 0-9 _ -"));
                    continue;
                }
                String name = nameNode.stringValue();
                if (!names.add(name)) {
                    errors.add(new NodeError(name, "name", "another rule has the same name"));
                    continue;
                }
                Rule rule = rule(name, ruleNode, lists, errors);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        Action fallback = action("", "default", document.get("default"), errors);
        Action defaultQueue = action("", "defaultQueue", document.get("defaultQueue"), errors);
        if (defaultQueue != null && !(defaultQueue instanceof Action.Queue)) {
            errors.add(new NodeError("", "defaultQueue", "'defaultQueue' is {group, priority}"));
        }
        if (!errors.isEmpty() || fallback == null || !(defaultQueue instanceof Action.Queue queue)) {
            return new Parsed(null, errors);
        }
        return new Parsed(new RoutingRules(lists, rules, fallback, queue), errors);
    }

    private static @Nullable Rule rule(
            String name, JsonNode node, Map<String, Set<String>> lists, List<NodeError> errors) {
        int before = errors.size();
        for (String field : node.propertyNames()) {
            if (!Set.of("name", "when", "then").contains(field)) {
                errors.add(new NodeError(name, field, "unknown field; a rule has name, when, then"));
            }
        }
        JsonNode when = node.get("when");
        if (when != null && !when.isObject()) {
            errors.add(new NodeError(name, "when", "'when' is an object of conditions"));
            when = null;
        }
        Set<String> known = Set.of(
                "calledNumber",
                "callerPrefix",
                "callerRegion",
                "callerIn",
                "ivrChoice",
                "timeOfDay",
                "days",
                "workingHours",
                "holiday");
        if (when != null) {
            for (String field : when.propertyNames()) {
                if (!known.contains(field)) {
                    errors.add(new NodeError(
                            name, "when." + field, "unknown condition; one of " + new java.util.TreeSet<>(known)));
                }
            }
        }
        List<String> called =
                numbers(name, "when.calledNumber", when == null ? null : when.get("calledNumber"), errors, true);
        List<String> prefixes =
                numbers(name, "when.callerPrefix", when == null ? null : when.get("callerPrefix"), errors, false);
        List<String> regions = strings(
                name, "when.callerRegion", when == null ? null : when.get("callerRegion"), errors, "0[1-9][0-9]{1,2}");
        String callerIn = text(when, "callerIn");
        if (callerIn != null && !lists.containsKey(callerIn)) {
            errors.add(new NodeError(name, "when.callerIn", "no list '" + callerIn + "' in 'lists'"));
        }
        String choice = text(when, "ivrChoice");
        if (choice != null && !choice.matches("[0-9*#](/[0-9*#])*")) {
            errors.add(new NodeError(
                    name, "when.ivrChoice", "IVR choices are digits separated by '/', e.g. \"1\" or \"2/3\""));
        }
        TimeWindow window = null;
        JsonNode time = when == null ? null : when.get("timeOfDay");
        if (time != null) {
            try {
                window = new TimeWindow(
                        LocalTime.parse(time.get("from").stringValue()),
                        LocalTime.parse(time.get("to").stringValue()));
                if (window.from().equals(window.to())) {
                    errors.add(new NodeError(name, "when.timeOfDay", "'from' and 'to' must differ"));
                }
            } catch (RuntimeException e) {
                errors.add(
                        new NodeError(name, "when.timeOfDay", "timeOfDay is {\"from\": \"HH:mm\", \"to\": \"HH:mm\"}"));
            }
        }
        Set<DayOfWeek> days = new HashSet<>();
        for (String day : strings(name, "when.days", when == null ? null : when.get("days"), errors, "[A-Z]+")) {
            try {
                days.add(DayOfWeek.valueOf(day));
            } catch (IllegalArgumentException e) {
                errors.add(new NodeError(name, "when.days", "'" + day + "' is not a weekday (MONDAY … SUNDAY)"));
            }
        }
        Boolean working = bool(name, when, "workingHours", errors);
        Boolean holiday = bool(name, when, "holiday", errors);
        Action then = action(name, "then", node.get("then"), errors);
        if (errors.size() > before || then == null) {
            return null;
        }
        return new Rule(name, called, prefixes, regions, callerIn, choice, window, days, working, holiday, then);
    }

    private static @Nullable Action action(String node, String field, @Nullable JsonNode json, List<NodeError> errors) {
        if (json == null || !json.isObject()) {
            errors.add(new NodeError(
                    node,
                    field,
                    "'" + field + "' is required: an object with 'action' (queue, ivr, voicemail, reject)"));
            return null;
        }
        String action = field.equals("defaultQueue") ? "queue" : text(json, "action");
        if (action == null) {
            errors.add(new NodeError(node, field + ".action", "one of queue, ivr, voicemail, reject"));
            return null;
        }
        switch (action) {
            case "queue" -> {
                String group = text(json, "group");
                JsonNode priority = json.get("priority");
                int p = priority == null ? 0 : priority.isInt() ? priority.intValue() : -1;
                if (p < 0 || p > 9) {
                    errors.add(new NodeError(node, field + ".priority", "priority is a whole number from 0 to 9"));
                    return null;
                }
                try {
                    return new Action.Queue(SkillId.of(group == null ? "" : group), p);
                } catch (IllegalArgumentException e) {
                    errors.add(new NodeError(node, field + ".group", "a queue needs a group: " + e.getMessage()));
                    return null;
                }
            }
            case "ivr" -> {
                String tree = text(json, "tree");
                if (tree == null || !NAME.matcher(tree).matches()) {
                    errors.add(new NodeError(node, field + ".tree", "an ivr action names the tree"));
                    return null;
                }
                return new Action.Ivr(tree);
            }
            case "voicemail" -> {
                return new Action.Voicemail();
            }
            case "reject" -> {
                String reason = text(json, "reason");
                return new Action.Reject(reason == null ? "rejected" : reason);
            }
            default -> {
                errors.add(new NodeError(
                        node, field + ".action", "'" + action + "' is not one of queue, ivr, voicemail, reject"));
                return null;
            }
        }
    }

    private static @Nullable String text(@Nullable JsonNode json, String field) {
        JsonNode value = json == null ? null : json.get(field);
        return value != null && value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
    }

    private static @Nullable Boolean bool(String name, @Nullable JsonNode when, String field, List<NodeError> errors) {
        JsonNode value = when == null ? null : when.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(new NodeError(name, "when." + field, "'" + field + "' is true or false"));
            return null;
        }
        return value.booleanValue();
    }

    private static List<String> strings(
            String name, String field, @Nullable JsonNode json, List<NodeError> errors, String pattern) {
        if (json == null) {
            return List.of();
        }
        if (!json.isArray() || json.isEmpty()) {
            errors.add(new NodeError(name, field, "a non-empty array"));
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : json) {
            if (!value.isString() || !value.stringValue().matches(pattern)) {
                errors.add(new NodeError(name, field, "'" + value + "' is not valid here"));
            } else {
                values.add(value.stringValue());
            }
        }
        return values;
    }

    private static List<String> numbers(
            String name, String field, @Nullable JsonNode json, List<NodeError> errors, boolean normalise) {
        List<String> values = strings(name, field, json, errors, "\\+?[0-9 -]{1,24}");
        if (!normalise) {
            return values;
        }
        List<String> normalised = new ArrayList<>();
        for (String value : values) {
            try {
                normalised.add(PhoneNumbers.normalise(value));
            } catch (IllegalArgumentException e) {
                errors.add(new NodeError(name, field, e.getMessage()));
            }
        }
        return normalised;
    }
}
