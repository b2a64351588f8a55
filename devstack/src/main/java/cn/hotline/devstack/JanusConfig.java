package cn.hotline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A per-run Janus configuration folder made from the packaged one ({@code /etc/janus}): HTTP and WebSocket transports
 * on loopback ports, no admin API, no other transports, event handlers or loggers, no streaming demo mountpoints, and
 * plugin media on loopback within this run's UDP range.
 *
 * @param coreRtp the range for WebRTC media ({@code janus -r})
 * @param pluginRtp the range for the plain RTP of the SIP, NoSIP and AudioBridge plugins
 */
record JanusConfig(
        Path source,
        Path target,
        Path mediaDir,
        int httpPort,
        int wsPort,
        Ports.UdpRange coreRtp,
        Ports.UdpRange pluginRtp) {

    static final Path PACKAGED = Path.of("/etc/janus");
    static final String MAIN = "janus.jcfg";
    static final String HTTP = "janus.transport.http.jcfg";
    static final String WEBSOCKETS = "janus.transport.websockets.jcfg";
    static final String STREAMING = "janus.plugin.streaming.jcfg";

    private static final Set<String> KEPT_TRANSPORTS = Set.of("libjanus_http.so", "libjanus_websockets.so");
    /** Script plugins that fail without a script of their own. */
    private static final List<String> DISABLED_PLUGINS = List.of("libjanus_lua.so", "libjanus_duktape.so");

    private static final String LOOPBACK = Jcfg.quoted(Ports.LOOPBACK_HOST);

    /** Writes the folder and returns the path of its {@code janus.jcfg}. */
    Path write() {
        Path mainSource = source.resolve(MAIN);
        if (!Files.isRegularFile(mainSource)) {
            throw new StackStartException(mainSource + " is missing: install the Debian package janus "
                    + "(scripts/install-system-packages.sh does it)");
        }
        try {
            Files.createDirectories(target);
            Files.createDirectories(mediaDir);
            String main = Files.readString(mainSource, StandardCharsets.UTF_8);
            write(MAIN, main(main));
            write(HTTP, http(readOptional(HTTP)));
            write(WEBSOCKETS, websockets(readOptional(WEBSOCKETS)));
            write(
                    STREAMING,
                    "# Written by devstack: no demo mountpoints, so no RTP ports are opened at start.\ngeneral: {\n}\n");
            try (Stream<Path> files = Files.list(source)) {
                for (Path plugin : files.filter(JanusConfig::isPluginConfig).toList()) {
                    String name = plugin.getFileName().toString();
                    if (!name.equals(STREAMING)) {
                        write(name, plugin(name, Files.readString(plugin, StandardCharsets.UTF_8)));
                    }
                }
            }
            return target.resolve(MAIN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Janus configuration to " + target, e);
        }
    }

    String main(String packaged) {
        String text = Jcfg.set(packaged, "general", "configs_folder", Jcfg.quoted(target.toString()));
        text = Jcfg.set(text, "plugins", "disable", Jcfg.quoted(String.join(",", DISABLED_PLUGINS)));
        text = Jcfg.set(text, "transports", "disable", disableAllBut(text, "transports_folder", KEPT_TRANSPORTS));
        text = Jcfg.set(text, "events", "broadcast", "false");
        text = Jcfg.set(text, "events", "disable", disableAllBut(text, "events_folder", Set.of()));
        return Jcfg.set(text, "loggers", "disable", disableAllBut(text, "loggers_folder", Set.of()));
    }

    String http(String packaged) {
        String text = Jcfg.set(packaged, "general", "base_path", Jcfg.quoted("/janus"));
        text = Jcfg.set(text, "general", "http", "true");
        text = Jcfg.set(text, "general", "port", Integer.toString(httpPort));
        text = Jcfg.set(text, "general", "ip", LOOPBACK);
        text = Jcfg.set(text, "general", "https", "false");
        text = Jcfg.set(text, "admin", "admin_http", "false");
        return Jcfg.set(text, "admin", "admin_https", "false");
    }

    String websockets(String packaged) {
        String text = Jcfg.set(packaged, "general", "ws", "true");
        text = Jcfg.set(text, "general", "ws_port", Integer.toString(wsPort));
        text = Jcfg.set(text, "general", "ws_ip", LOOPBACK);
        text = Jcfg.set(text, "general", "wss", "false");
        text = Jcfg.set(text, "admin", "admin_ws", "false");
        return Jcfg.set(text, "admin", "admin_wss", "false");
    }

    String plugin(String fileName, String packaged) {
        return switch (fileName) {
            case "janus.plugin.sip.jcfg", "janus.plugin.nosip.jcfg", "janus.plugin.audiobridge.jcfg" -> {
                String text = Jcfg.set(packaged, "general", "local_ip", LOOPBACK);
                yield Jcfg.set(text, "general", "rtp_port_range", Jcfg.quoted(pluginRtp.toString()));
            }
            case "janus.plugin.recordplay.jcfg" ->
                Jcfg.set(
                        packaged,
                        "general",
                        "path",
                        Jcfg.quoted(mediaDir.resolve("recordings").toString()));
            case "janus.plugin.voicemail.jcfg" ->
                Jcfg.set(packaged, "general", "path", Jcfg.quoted(mediaDir.resolve("voicemail") + "/"));
            default -> packaged;
        };
    }

    /** Janus has no allow-list, so everything in the module folder except {@code kept} goes on the disable list. */
    private static String disableAllBut(String main, String folderKey, Set<String> kept) {
        Optional<Path> folder = Jcfg.get(main, "general", folderKey).map(Path::of);
        Set<String> modules = folder.filter(Files::isDirectory)
                .map(JanusConfig::sharedObjects)
                .orElse(Set.of());
        return Jcfg.quoted(modules.stream()
                .filter(module -> !kept.contains(module))
                .sorted()
                .collect(Collectors.joining(",")));
    }

    private static Set<String> sharedObjects(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".so"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPluginConfig(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("janus.plugin.") && name.endsWith(".jcfg");
    }

    private String readOptional(String name) throws IOException {
        Path file = source.resolve(name);
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(target.resolve(name), text, StandardCharsets.UTF_8);
    }
}
