package cn.hotline.media.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An agent's browser: headless Chromium (Debian's {@code /usr/bin/chromium}) driven by Playwright, with a fake
 * microphone playing a WAV file, on a page served from {@code http://localhost} (a secure context, so
 * {@code getUserMedia} works). The page makes the WebRTC offer, takes the answer, and reports RTP statistics and the
 * energy of what it hears.
 */
public final class AgentBrowser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final String PAGE =
            """
            <!doctype html><html><body><audio id="remote" autoplay></audio><script>
            let pc, analyser, energy = 0, frames = 0;
            async function makeOffer(iceServers, policy) {
              const stream = await navigator.mediaDevices.getUserMedia({audio: true});
              pc = new RTCPeerConnection({iceServers: iceServers || [], iceTransportPolicy: policy || 'all'});
              stream.getTracks().forEach(t => pc.addTrack(t, stream));
              pc.ontrack = e => {
                document.getElementById('remote').srcObject = e.streams[0];
                const ctx = new AudioContext();
                const source = ctx.createMediaStreamSource(e.streams[0]);
                analyser = ctx.createAnalyser();
                analyser.fftSize = 2048;
                source.connect(analyser);
                const data = new Float32Array(analyser.fftSize);
                setInterval(() => {
                  analyser.getFloatTimeDomainData(data);
                  let sum = 0; for (const v of data) sum += Math.abs(v);
                  energy += sum / data.length; frames++;
                }, 50);
              };
              await pc.setLocalDescription(await pc.createOffer());
              await new Promise(resolve => {
                if (pc.iceGatheringState === 'complete') return resolve();
                pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
                setTimeout(resolve, 3000);
              });
              return pc.localDescription.sdp;
            }
            const monitors = [];
            async function answerOffer(sdp, talk) {
              pc = new RTCPeerConnection({iceServers: []});
              monitors.push(pc);
              pc.ontrack = e => {
                const audio = new Audio(); audio.srcObject = new MediaStream([e.track]); audio.play();
                if (!analyser) {
                  const ctx = new AudioContext();
                  analyser = ctx.createAnalyser(); analyser.fftSize = 2048;
                  const data = new Float32Array(analyser.fftSize);
                  setInterval(() => {
                    analyser.getFloatTimeDomainData(data);
                    let sum = 0; for (const v of data) sum += Math.abs(v);
                    energy += sum / data.length; frames++;
                  }, 50);
                  window.monitorCtx = ctx;
                }
                window.monitorCtx.createMediaStreamSource(new MediaStream([e.track])).connect(analyser);
              };
              await pc.setRemoteDescription({type: 'offer', sdp});
              if (talk) {
                const stream = await navigator.mediaDevices.getUserMedia({audio: true});
                stream.getTracks().forEach(t => pc.addTrack(t, stream));
              }
              await pc.setLocalDescription(await pc.createAnswer());
              await new Promise(resolve => {
                if (pc.iceGatheringState === 'complete') return resolve();
                pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
                setTimeout(resolve, 3000);
              });
              return pc.localDescription.sdp;
            }
            async function takeAnswer(sdp) { await pc.setRemoteDescription({type: 'answer', sdp}); }
            async function stats() {
              const out = {state: pc.connectionState, ice: pc.iceConnectionState, bytesReceived: 0, bytesSent: 0,
                           packetsReceived: 0, audioEnergy: 0, heard: frames ? energy / frames : 0};
              (await pc.getStats()).forEach(r => {
                if (r.type === 'inbound-rtp' && r.kind === 'audio') {
                  out.bytesReceived = r.bytesReceived; out.packetsReceived = r.packetsReceived;
                  out.audioEnergy = r.totalAudioEnergy || 0;
                }
                if (r.type === 'outbound-rtp' && r.kind === 'audio') { out.bytesSent = r.bytesSent; }
              });
              return out;
            }
            function resetHeard() { energy = 0; frames = 0; }
            function toneLevel(hz) {
              if (!analyser) return -200;
              const bins = new Float32Array(analyser.frequencyBinCount);
              analyser.getFloatFrequencyData(bins);
              const width = analyser.context.sampleRate / analyser.fftSize;
              const centre = Math.round(hz / width);
              let best = -200;
              for (let i = Math.max(0, centre - 2); i <= Math.min(bins.length - 1, centre + 2); i++) best = Math.max(best, bins[i]);
              return best;
            }
            function monitorStates() { return monitors.map(m => m.connectionState); }
            </script></body></html>
            """;

    private final HttpServer server;
    private final Playwright playwright;
    private final Browser browser;
    private final Page page;

    public AgentBrowser(Path microphoneWav) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--use-fake-ui-for-media-stream",
                                "--use-fake-device-for-media-stream",
                                "--use-file-for-fake-audio-capture=" + microphoneWav,
                                "--allow-loopback-in-peer-connection",
                                "--disable-features=WebRtcHideLocalIpsWithMdns",
                                "--autoplay-policy=no-user-gesture-required")));
        page = browser.newPage();
        page.navigate("http://localhost:" + server.getAddress().getPort() + "/");
    }

    /** The browser's WebRTC offer (all ICE candidates gathered). */
    public String offer() {
        return (String) page.evaluate("() => makeOffer()");
    }

    /** The browser's offer with ICE servers, e.g. {@code [{urls: 'turn:127.0.0.1:3478', username, credential}]}. */
    public String offer(List<Map<String, Object>> iceServers, boolean relayOnly) {
        return (String) page.evaluate(
                "args => makeOffer(args.servers, args.policy)",
                Map.of("servers", iceServers, "policy", relayOnly ? "relay" : "all"));
    }

    /** Answers an offer the media server made (a monitoring leg); the page plays every track it receives. */
    public String answerOffer(String sdp) {
        return (String) page.evaluate("sdp => answerOffer(sdp)", sdp);
    }

    /** Answers an offer of a leg that also carries this page's microphone (a supervisor who whispers or barges). */
    public String answerOfferTalking(String sdp) {
        return (String) page.evaluate("sdp => answerOffer(sdp, true)", sdp);
    }

    /** The level (dB, -200 when nothing is heard) of a {@code hertz} tone in what the page hears right now. */
    public double toneLevel(double hertz) {
        return ((Number) page.evaluate("hz => toneLevel(hz)", hertz)).doubleValue();
    }

    public void answer(String sdp) {
        page.evaluate("sdp => takeAnswer(sdp)", sdp);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> stats() {
        return (Map<String, Object>) page.evaluate("() => stats()");
    }

    /** The connection state of every leg this page answered with {@link #answerOffer}. */
    @SuppressWarnings("unchecked")
    public List<String> monitorStates() {
        return (List<String>) page.evaluate("() => monitorStates()");
    }

    public void resetHeard() {
        page.evaluate("() => resetHeard()");
    }

    public Object evaluate(String script) {
        return page.evaluate(script);
    }

    @Override
    public void close() {
        try {
            browser.close();
            playwright.close();
        } finally {
            server.stop(0);
        }
    }
}
