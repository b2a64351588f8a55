package cn.hotline.media.janus;

import cn.hotline.kernel.diagnostics.DiagnosticCheck;
import cn.hotline.kernel.diagnostics.DiagnosticResult;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Asks the media server for its info and checks the plugins the platform relies on are loaded. */
public final class JanusCheck implements DiagnosticCheck {

    private static final String NOSIP = "janus.plugin.nosip";
    private static final String AUDIOBRIDGE = "janus.plugin.audiobridge";

    private final JanusClient janus;

    public JanusCheck(JanusClient janus) {
        this.janus = janus;
    }

    @Override
    public String name() {
        return "media-server";
    }

    @Override
    public Mono<DiagnosticResult> run() {
        return janus.info().map(info -> {
            if (!"server_info".equals(info.janus())) {
                return DiagnosticResult.down(name(), "unexpected answer: " + info.janus());
            }
            boolean plugins = info.plugins() != null
                    && info.plugins().containsKey(NOSIP)
                    && info.plugins().containsKey(AUDIOBRIDGE);
            return plugins
                    ? DiagnosticResult.up(
                            name(), "Janus answered", Map.of("server", info.name(), "version", info.version()))
                    : DiagnosticResult.down(name(), "Janus lacks " + NOSIP + " or " + AUDIOBRIDGE);
        });
    }
}
