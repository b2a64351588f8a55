package cn.hotline.call.ivr;

import cn.hotline.kernel.id.TenantId;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/** Definitions written as JSON (single quotes for readability) for the IVR tests. */
final class IvrFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> PROMPTS = Set.of("welcome", "menu", "closed", "holiday", "leave-message", "survey", "bye");

    private IvrFixtures() {}

    static IvrDocument.Parsed parse(String singleQuoted) {
        return IvrDocument.parse(JSON.readTree(singleQuoted.replace('\'', '"')));
    }

    static IvrDefinition definition(String singleQuoted) {
        IvrDocument.Parsed parsed = parse(singleQuoted);
        if (parsed.definition() == null || !parsed.errors().isEmpty()) {
            throw new IllegalArgumentException("fixture does not parse: " + parsed.errors());
        }
        var errors = IvrValidator.validate(parsed.definition(), PROMPTS);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("fixture is not valid: " + errors);
        }
        return parsed.definition();
    }

    static IvrVersion version(String singleQuoted) {
        return new IvrVersion(
                TenantId.of("xuzhou-yb"), "main", 1, definition(singleQuoted), Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** welcome → working hours? → menu (1 payment, 2 route by rules, 9 repeat welcome, 0 survey) : closed voicemail. */
    static final String MENU_TREE =
            """
            {'start': 'welcome', 'nodes': [
              {'id': 'welcome', 'type': 'announcement', 'prompt': 'welcome', 'next': 'today'},
              {'id': 'today', 'type': 'holiday', 'holiday': 'vm', 'otherwise': 'hours'},
              {'id': 'hours', 'type': 'workingHours', 'open': 'menu', 'closed': 'vm'},
              {'id': 'menu', 'type': 'menu', 'prompt': 'menu', 'timeoutSeconds': 5, 'retries': 2,
               'choices': [{'digit': '1', 'next': 'payment'}, {'digit': '2', 'next': 'routed'},
                           {'digit': '9', 'next': 'welcome'}, {'digit': '0', 'next': 'rate'}],
               'onFailure': 'general'},
              {'id': 'payment', 'type': 'queue', 'group': 'payment', 'priority': 3},
              {'id': 'routed', 'type': 'queue'},
              {'id': 'general', 'type': 'queue', 'group': 'general'},
              {'id': 'vm', 'type': 'voicemail', 'prompt': 'leave-message', 'maxSeconds': 60},
              {'id': 'rate', 'type': 'survey', 'prompt': 'survey', 'next': 'bye'},
              {'id': 'bye', 'type': 'hangup', 'prompt': 'bye'}
            ]}
            """;
}
