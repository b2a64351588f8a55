package cn.hotline.call.ivr;

import cn.hotline.call.prompt.PromptName;
import cn.hotline.call.prompt.SystemPrompt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a parsed tree is sound: the start and every target exist, every node is reachable from the start, no
 * loop runs without waiting for the caller (announcements and calendar branches only), every prompt exists in the
 * tenant's library or is a system prompt, and every path ends (queue, voicemail, survey without next, hang up).
 */
public final class IvrValidator {

    private IvrValidator() {}

    public static List<NodeError> validate(IvrDefinition definition, Set<String> knownPrompts) {
        List<NodeError> errors = new ArrayList<>();
        Map<String, IvrNode> nodes = definition.nodes();
        if (!nodes.containsKey(definition.start())) {
            errors.add(new NodeError("", "start", "no node '" + definition.start() + "' to start with"));
        }
        for (IvrNode node : nodes.values()) {
            node.targets().forEach((field, target) -> {
                if (!nodes.containsKey(target)) {
                    errors.add(new NodeError(node.id(), field, "leads to '" + target + "', which is not a node"));
                }
            });
            node.prompts().forEach((field, prompt) -> {
                if (!exists(prompt, knownPrompts)) {
                    errors.add(new NodeError(
                            node.id(),
                            field,
                            prompt.isSystem()
                                    ? "no system prompt '" + prompt + "'"
                                    : "prompt '" + prompt + "' is not in the tenant's library; upload it first"));
                }
            });
        }
        if (!nodes.containsKey(definition.start())) {
            return errors;
        }
        Set<String> reachable = reachable(definition);
        for (String id : nodes.keySet()) {
            if (!reachable.contains(id)) {
                errors.add(new NodeError(id, "id", "no path from '" + definition.start() + "' leads here"));
            }
        }
        for (List<String> cycle : cyclesWithoutInput(nodes)) {
            errors.add(new NodeError(
                    cycle.getFirst(),
                    "next",
                    "loops without waiting for the caller: " + String.join(" → ", cycle) + " → " + cycle.getFirst()));
        }
        return errors;
    }

    private static boolean exists(PromptName prompt, Set<String> known) {
        return prompt.isSystem() ? SystemPrompt.named(prompt.value()).isPresent() : known.contains(prompt.value());
    }

    private static Set<String> reachable(IvrDefinition definition) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(definition.start());
        while (!todo.isEmpty()) {
            String id = todo.pop();
            IvrNode node = definition.nodes().get(id);
            if (node == null || !seen.add(id)) {
                continue;
            }
            node.targets().values().forEach(todo::push);
        }
        return seen;
    }

    /** Cycles made only of nodes that do not wait for input (one per strongly connected component, Tarjan). */
    private static List<List<String>> cyclesWithoutInput(Map<String, IvrNode> nodes) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> cycles = new ArrayList<>();
        int[] counter = {0};
        for (IvrNode node : nodes.values()) {
            if (!node.takesInput() && !index.containsKey(node.id())) {
                connect(node.id(), nodes, index, low, stack, onStack, cycles, counter);
            }
        }
        return cycles;
    }

    private static void connect(
            String id,
            Map<String, IvrNode> nodes,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<List<String>> cycles,
            int[] counter) {
        index.put(id, counter[0]);
        low.put(id, counter[0]);
        counter[0]++;
        stack.push(id);
        onStack.add(id);
        IvrNode node = nodes.get(id);
        boolean selfLoop = false;
        for (String target : node == null ? List.<String>of() : node.targets().values()) {
            IvrNode next = nodes.get(target);
            if (next == null || next.takesInput()) {
                continue;
            }
            if (target.equals(id)) {
                selfLoop = true;
            }
            if (!index.containsKey(target)) {
                connect(target, nodes, index, low, stack, onStack, cycles, counter);
                low.put(id, Math.min(low.get(id), low.get(target)));
            } else if (onStack.contains(target)) {
                low.put(id, Math.min(low.get(id), index.get(target)));
            }
        }
        if (low.get(id).equals(index.get(id))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(id));
            if (component.size() > 1 || selfLoop) {
                java.util.Collections.reverse(component);
                cycles.add(component);
            }
        }
    }
}
