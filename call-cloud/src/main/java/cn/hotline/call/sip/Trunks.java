package cn.hotline.call.sip;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured trunks and which one a request belongs to. */
final class Trunks {

    /** A trunk with its name. */
    record Trunk(String name, TrunkProfile profile) {}

    private final Map<String, TrunkProfile> profiles;

    Trunks(Map<String, TrunkProfile> profiles) {
        this.profiles = new TreeMap<>(profiles);
    }

    /**
     * The trunk the request came on: among the trunks whose addresses hold the carrier's address, the one whose
     * domains hold the Request-URI host, else one without domains (names in alphabetical order decide). A request
     * from an address no trunk lists belongs to none.
     */
    Optional<Trunk> select(String requestUriHost, String sourceAddress) {
        Trunk fallback = null;
        for (Map.Entry<String, TrunkProfile> entry : profiles.entrySet()) {
            TrunkProfile profile = entry.getValue();
            if (!profile.addressList().contains(sourceAddress)) {
                continue;
            }
            if (profile.domainList().stream().anyMatch(domain -> domain.equalsIgnoreCase(requestUriHost))) {
                return Optional.of(new Trunk(entry.getKey(), profile));
            }
            if (profile.domainList().isEmpty() && fallback == null) {
                fallback = new Trunk(entry.getKey(), profile);
            }
        }
        return Optional.ofNullable(fallback);
    }
}
