package cn.hotline.call.prompt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link SystemPrompt}s as local 8 kHz files, generated on first use (speech by the {@link TextToSpeech} port,
 * music on hold by sox) and cached in a directory; a file already there from an earlier run with the same text, engine
 * and format is reused. Never committed: generated where the service runs.
 */
public final class SystemPrompts {

    private static final Logger log = LoggerFactory.getLogger(SystemPrompts.class);

    private static final int[] MELODY_HZ = {523, 659, 784, 659, 587, 698, 880, 698};

    private final TextToSpeech speech;
    private final AudioConversion conversion;
    private final Path cacheDir;
    private final String sox;
    private final Map<SystemPrompt, Mono<Path>> files = new ConcurrentHashMap<>();

    SystemPrompts(TextToSpeech speech, AudioConversion conversion, Path cacheDir, String sox) {
        this.speech = speech;
        this.conversion = conversion;
        this.cacheDir = cacheDir;
        this.sox = sox;
    }

    /** The prompt's local file, generating it the first time. */
    public Mono<Path> file(SystemPrompt prompt) {
        return files.computeIfAbsent(
                prompt, p -> generate(p).doOnError(e -> files.remove(p)).cache());
    }

    /** Generates every system prompt now (seeding), so the first caller does not wait. */
    public Mono<Void> warmUp() {
        return reactor.core.publisher.Flux.fromArray(SystemPrompt.values())
                .concatMap(this::file)
                .then();
    }

    private Mono<Path> generate(SystemPrompt prompt) {
        Path target = cacheDir.resolve(prompt.promptName().value() + "-" + fingerprint(prompt) + "."
                + conversion.format().name().toLowerCase(java.util.Locale.ROOT) + ".wav");
        Mono<byte[]> raw = prompt == SystemPrompt.MUSIC_ON_HOLD
                ? Mono.fromCallable(this::melody).subscribeOn(Schedulers.boundedElastic())
                : speech.speak(prompt.text());
        Mono<Path> make = raw.flatMap(conversion::convert)
                .flatMap(converted -> Mono.fromCallable(() -> store(target, converted.wav()))
                        .subscribeOn(Schedulers.boundedElastic()))
                .doOnNext(path -> log.info("generated system prompt {} with {}", prompt.promptName(), speech.name()));
        return Mono.fromCallable(() -> Files.isRegularFile(target) && Files.size(target) > 44)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(present -> present ? Mono.just(target) : make);
    }

    private Path store(Path target, byte[] wav) throws IOException {
        Files.createDirectories(cacheDir);
        Path temp = Files.createTempFile(cacheDir, "gen-", ".tmp");
        Files.write(temp, wav);
        return Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private byte[] melody() throws IOException, InterruptedException, Commands.Failed {
        Path dir = Files.createTempDirectory("cc-moh-");
        try {
            List<String> notes = new ArrayList<>();
            for (int i = 0; i < MELODY_HZ.length; i++) {
                Path note = dir.resolve("n" + i + ".wav");
                Commands.run(
                        List.of(
                                sox,
                                "-n",
                                "-r",
                                "8000",
                                "-c",
                                "1",
                                "-b",
                                "16",
                                note.toString(),
                                "synth",
                                "0.45",
                                "sine",
                                String.valueOf(MELODY_HZ[i]),
                                "fade",
                                "0.02",
                                "0.45",
                                "0.08",
                                "vol",
                                "0.4"),
                        30);
                notes.add(note.toString());
            }
            Path out = dir.resolve("moh.wav");
            List<String> command = new ArrayList<>();
            command.add(sox);
            command.addAll(notes);
            command.add(out.toString());
            Commands.run(command, 30);
            return Files.readAllBytes(out);
        } finally {
            AudioConversion.deleteQuietly(dir);
        }
    }

    private String fingerprint(SystemPrompt prompt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(
                    (speech.name() + "|" + prompt.text() + "|" + conversion.format()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
