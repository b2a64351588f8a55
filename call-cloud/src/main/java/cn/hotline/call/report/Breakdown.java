package cn.hotline.call.report;

/** What each report row is about besides its period. */
public enum Breakdown {
    /** All the tenant's calls. */
    TOTAL("'ALL'"),
    /** Per skill group (queue) the call arrived for. */
    GROUP("COALESCE(skill_group, '-')"),
    /** Per agent who answered; calls nobody answered are under {@code -}. */
    AGENT("COALESCE(agent_id, '-')");

    private final String key;

    Breakdown(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }
}
