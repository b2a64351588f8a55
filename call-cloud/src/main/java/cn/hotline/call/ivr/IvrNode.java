package cn.hotline.call.ivr;

import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.prompt.PromptName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One node of an IVR tree. Nodes refer to each other by id; the parser and validator guarantee the ids exist. */
public sealed interface IvrNode {

    String id();

    /** The type name used in the JSON document. */
    String type();

    /** The nodes this one may lead to, by the field that names them (for validation and reachability). */
    Map<String, String> targets();

    /** The prompts this node plays, by field. */
    Map<String, PromptName> prompts();

    /** Whether the node waits for the caller (digits), so a cycle through it is not an endless loop. */
    default boolean takesInput() {
        return false;
    }

    /** One DTMF choice of a menu. */
    record Choice(char digit, String next) {}

    /** Plays a prompt, collects one digit; timeouts and wrong digits count as attempts, after the last: onFailure. */
    record Menu(
            String id,
            PromptName prompt,
            List<Choice> choices,
            Duration timeout,
            int retries,
            @Nullable PromptName invalidPrompt,
            String onFailure)
            implements IvrNode {
        public Menu {
            choices = List.copyOf(choices);
        }

        @Override
        public String type() {
            return "menu";
        }

        @Override
        public Map<String, String> targets() {
            Map<String, String> targets = new LinkedHashMap<>();
            for (Choice choice : choices) {
                targets.put("choices[" + choice.digit() + "]", choice.next());
            }
            targets.put("onFailure", onFailure);
            return targets;
        }

        @Override
        public Map<String, PromptName> prompts() {
            Map<String, PromptName> prompts = new LinkedHashMap<>();
            prompts.put("prompt", prompt);
            if (invalidPrompt != null) {
                prompts.put("invalidPrompt", invalidPrompt);
            }
            return prompts;
        }

        @Override
        public boolean takesInput() {
            return true;
        }

        @Nullable
        String target(char digit) {
            for (Choice choice : choices) {
                if (choice.digit() == digit) {
                    return choice.next();
                }
            }
            return null;
        }
    }

    /** Plays a prompt to the end (digits are ignored), then goes on. */
    record Announcement(String id, PromptName prompt, String next) implements IvrNode {
        @Override
        public String type() {
            return "announcement";
        }

        @Override
        public Map<String, String> targets() {
            return Map.of("next", next);
        }

        @Override
        public Map<String, PromptName> prompts() {
            return Map.of("prompt", prompt);
        }
    }

    /** Branches on the tenant's working hours (tenant-service calendar, holidays and make-up days included). */
    record WorkingHours(String id, String open, String closed) implements IvrNode {
        @Override
        public String type() {
            return "workingHours";
        }

        @Override
        public Map<String, String> targets() {
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("open", open);
            targets.put("closed", closed);
            return targets;
        }

        @Override
        public Map<String, PromptName> prompts() {
            return Map.of();
        }
    }

    /** Branches on whether today is a holiday in the tenant's calendar. */
    record Holiday(String id, String holiday, String otherwise) implements IvrNode {
        @Override
        public String type() {
            return "holiday";
        }

        @Override
        public Map<String, String> targets() {
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("holiday", holiday);
            targets.put("otherwise", otherwise);
            return targets;
        }

        @Override
        public Map<String, PromptName> prompts() {
            return Map.of();
        }
    }

    /** Queues the call: to {@code group}, or, without one, to where the routing rules send it. Ends the IVR. */
    record Queue(String id, @Nullable SkillId group, int priority) implements IvrNode {
        @Override
        public String type() {
            return "queue";
        }

        @Override
        public Map<String, String> targets() {
            return Map.of();
        }

        @Override
        public Map<String, PromptName> prompts() {
            return Map.of();
        }
    }

    /** Plays a prompt, then records a message of at most {@code maxLength}. Ends the IVR. */
    record Voicemail(String id, PromptName prompt, Duration maxLength) implements IvrNode {
        @Override
        public String type() {
            return "voicemail";
        }

        @Override
        public Map<String, String> targets() {
            return Map.of();
        }

        @Override
        public Map<String, PromptName> prompts() {
            return Map.of("prompt", prompt);
        }
    }

    /** Asks for a score 1-5 (one digit); then {@code next}, or hangs up when there is none. */
    record Survey(String id, PromptName prompt, Duration timeout, @Nullable String next) implements IvrNode {
        @Override
        public String type() {
            return "survey";
        }

        @Override
        public Map<String, String> targets() {
            return next == null ? Map.of() : Map.of("next", next);
        }

        @Override
        public Map<String, PromptName> prompts() {
            return Map.of("prompt", prompt);
        }

        @Override
        public boolean takesInput() {
            return true;
        }
    }

    /** Plays an optional goodbye, then hangs up. */
    record HangUp(String id, @Nullable PromptName prompt) implements IvrNode {
        @Override
        public String type() {
            return "hangup";
        }

        @Override
        public Map<String, String> targets() {
            return Map.of();
        }

        @Override
        public Map<String, PromptName> prompts() {
            return prompt == null ? Map.of() : Map.of("prompt", prompt);
        }
    }

    static List<String> types() {
        return new ArrayList<>(
                List.of("menu", "announcement", "workingHours", "holiday", "queue", "voicemail", "survey", "hangup"));
    }
}
