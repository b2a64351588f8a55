package cn.hotline.media.rtpengine;

import cn.hotline.media.port.Codec;
import cn.hotline.media.port.MediaServerException;
import cn.hotline.media.port.MediaServerException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The little of SDP the adapter reads itself: the audio codecs of an offer. Everything else is rtpengine's job. */
final class Sdp {

    private static final Pattern AUDIO = Pattern.compile("(?m)^m=audio \\d+ [A-Z/]+((?: \\d+)+)\\s*$");
    private static final Pattern RTPMAP = Pattern.compile("(?m)^a=rtpmap:(\\d+) ([A-Za-z0-9-]+)/(\\d+)");

    private Sdp() {}

    /** The codec names the audio stream offers, in its order ({@code PCMA}, {@code telephone-event}, ...). */
    static List<String> audioCodecs(String sdp) {
        Matcher audio = AUDIO.matcher(sdp.replace("\r", ""));
        if (!audio.find()) {
            throw new MediaServerException(Reason.UNACCEPTABLE_SDP, "the SDP has no audio stream");
        }
        List<String> names = new ArrayList<>();
        for (String type : audio.group(1).trim().split(" ")) {
            names.add(nameOf(sdp, Integer.parseInt(type)));
        }
        return names;
    }

    private static String nameOf(String sdp, int payloadType) {
        Matcher rtpmap = RTPMAP.matcher(sdp);
        while (rtpmap.find()) {
            if (Integer.parseInt(rtpmap.group(1)) == payloadType) {
                return rtpmap.group(2).toUpperCase(Locale.ROOT).equals("TELEPHONE-EVENT")
                        ? "telephone-event"
                        : rtpmap.group(2).toUpperCase(Locale.ROOT);
            }
        }
        return switch (payloadType) {
            case 0 -> "PCMU";
            case 8 -> "PCMA";
            case 9 -> "G722";
            case 18 -> "G729";
            default -> "PT" + payloadType;
        };
    }

    /**
     * Drops ICE candidates whose component and priority repeat an earlier one's. Browsers give equal priorities to host
     * candidates on different interfaces (e.g. loopback and Ethernet); rtpengine 10.5 then has two candidate pairs of
     * the same name and ICE fails ("priority collision").
     */
    static String withoutDuplicateCandidatePriorities(String sdp) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r?\n", -1)) {
            if (line.startsWith("m=")) {
                seen.clear();
            }
            if (line.startsWith("a=candidate:")) {
                String[] fields = line.split(" ");
                if (fields.length > 3 && !seen.add(fields[1] + "/" + fields[3])) {
                    continue;
                }
            }
            out.append(line).append("\r\n");
        }
        return out.substring(0, out.length() - 2);
    }

    /**
     * Drops the SSRC the far end signals ({@code a=ssrc:}, {@code a=ssrc-group:}) before its SDP reaches a browser: a
     * browser binds its receiver to a signalled SSRC and drops every other stream, so when the browser's leg later
     * hears the mixer (Janus, another SSRC) it would hear nothing. Unsignalled, the browser takes whatever arrives.
     */
    static String withoutSsrc(String sdp) {
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r?\n", -1)) {
            if (line.startsWith("a=ssrc:") || line.startsWith("a=ssrc-group:")) {
                continue;
            }
            out.append(line).append("\r\n");
        }
        return out.substring(0, out.length() - 2);
    }

    /** The port of the audio stream. */
    static int audioPort(String sdp) {
        Matcher port = Pattern.compile("(?m)^m=audio (\\d+) ").matcher(sdp.replace("\r", ""));
        if (!port.find()) {
            throw new MediaServerException(Reason.UNACCEPTABLE_SDP, "the SDP has no audio stream");
        }
        return Integer.parseInt(port.group(1));
    }

    /** The first of {@code preferred} that the offer has; refuses an offer with none of them. */
    static Codec choose(String sdp, List<Codec> preferred) {
        List<String> offered = audioCodecs(sdp);
        for (Codec codec : preferred) {
            if (offered.contains(codec.name())) {
                return codec;
            }
        }
        throw new MediaServerException(
                Reason.UNACCEPTABLE_SDP, "no common codec: the offer has " + offered + ", we take " + preferred);
    }

    /**
     * The answer of the placeholder party that holds the other end of a trunk leg until an agent is attached: it
     * accepts the chosen codec and RFC 4733 events and sends nothing (rtpengine's own media goes to the discard port).
     */
    static String placeholderAnswer(Codec codec) {
        int type = codec.staticPayloadType();
        return "v=0\r\n"
                + "o=- 1 1 IN IP4 127.0.0.1\r\n"
                + "s=-\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio 9 RTP/AVP " + type + " 101\r\n"
                + "a=rtpmap:" + type + " " + codec.name() + "/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=sendrecv\r\n";
    }

    /** A plain-RTP SDP of one G.711 stream at {@code host:port} (a mixer's participant, or port 9: nobody yet). */
    static String plain(String host, int port, Codec codec, String direction) {
        int type = codec.staticPayloadType();
        return "v=0\r\n"
                + "o=- 1 1 IN IP4 " + host + "\r\n"
                + "s=-\r\n"
                + "c=IN IP4 " + host + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP " + type + "\r\n"
                + "a=rtpmap:" + type + " " + codec.name() + "/8000\r\n"
                + "a=ptime:20\r\n"
                + "a=" + direction + "\r\n";
    }

    /** The connection address of the SDP's audio (session-level {@code c=} line), 127.0.0.1 if it has none. */
    static String address(String sdp) {
        Matcher address = Pattern.compile("(?m)^c=IN IP4 ([0-9.]+)").matcher(sdp.replace("\r", ""));
        return address.find() ? address.group(1) : "127.0.0.1";
    }
}
