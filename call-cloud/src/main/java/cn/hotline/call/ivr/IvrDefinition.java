package cn.hotline.call.ivr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed IVR tree: its start node and its nodes by id, in document order. Structurally valid (parsed by {@link
 * IvrDocument}); whether it is sound (targets, reachability, loops, prompts) is {@link IvrValidator}'s question.
 */
public record IvrDefinition(String start, Map<String, IvrNode> nodes) {

    public IvrDefinition {
        if (start == null || nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("an IVR definition needs a start and at least one node");
        }
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    public IvrNode node(String id) {
        IvrNode node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node '" + id + "'");
        }
        return node;
    }

    /** Every prompt name the tree plays. */
    public Set<String> promptNames() {
        Set<String> names = new TreeSet<>();
        nodes.values().forEach(node -> node.prompts().values().forEach(p -> names.add(p.value())));
        return names;
    }
}
