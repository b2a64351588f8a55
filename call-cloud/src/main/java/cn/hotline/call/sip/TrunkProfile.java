package cn.hotline.call.sip;

import cn.hotline.media.port.Codec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One carrier's trunk ({@code cc.call.sip.trunks.<name>}). A request belongs to the trunk whose {@code domains}
 * contain its Request-URI host, else whose {@code addresses} contain the address it came from (the bottom Via).
 *
 * @param addresses the carrier's signalling addresses
 * @param domains host names the carrier puts into Request-URIs (our name at that carrier)
 * @param inbound credentials the carrier must answer our digest challenge with; null: no challenge
 * @param outbound our credentials towards the carrier (outbound calls; not used by inbound calls)
 * @param trustAssertedIdentity whether the caller is read from {@code P-Asserted-Identity} (a trusted carrier) or
 *     only from {@code From}
 * @param areaCode the area code (with its 0) that completes local numbers, e.g. {@code 0551}; null if none
 * @param codecs the codecs offered to the media server, in order of preference (PCMA, PCMU)
 * @param dtmf how the carrier sends key presses
 */
public record TrunkProfile(
        @Nullable List<String> addresses,
        @Nullable List<String> domains,
        @Nullable Credentials inbound,
        @Nullable Credentials outbound,
        boolean trustAssertedIdentity,
        @Nullable String areaCode,
        @Nullable List<Codec> codecs,
        @Nullable DtmfMode dtmf) {

    public TrunkProfile {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        domains = domains == null ? List.of() : List.copyOf(domains);
        codecs = codecs == null || codecs.isEmpty() ? List.of(Codec.PCMA, Codec.PCMU) : List.copyOf(codecs);
        dtmf = dtmf == null ? DtmfMode.RFC4733 : dtmf;
        if (codecs.contains(Codec.OPUS)) {
            throw new IllegalArgumentException("a carrier trunk speaks G.711 only (PCMA, PCMU)");
        }
        if (areaCode != null && !areaCode.matches("0[1-9][0-9]{1,2}")) {
            throw new IllegalArgumentException("area code must be 0 and 2-3 digits, e.g. 0551: " + areaCode);
        }
    }

    public List<String> addressList() {
        return addresses == null ? List.of() : addresses;
    }

    public List<String> domainList() {
        return domains == null ? List.of() : domains;
    }

    public List<Codec> codecList() {
        return codecs == null ? List.of(Codec.PCMA, Codec.PCMU) : codecs;
    }

    public DtmfMode dtmfMode() {
        return dtmf == null ? DtmfMode.RFC4733 : dtmf;
    }

    /** Digest credentials: a realm, a user name and its password. */
    public record Credentials(String realm, String username, String password) {
        public Credentials {
            if (realm == null
                    || realm.isBlank()
                    || username == null
                    || username.isBlank()
                    || password == null
                    || password.length() < 8) {
                throw new IllegalArgumentException("digest credentials need a realm, a user and 8+ character password");
            }
        }

        @Override
        public String toString() {
            return "Credentials[realm=" + realm + ", username=" + username + ", password=***]";
        }
    }
}
