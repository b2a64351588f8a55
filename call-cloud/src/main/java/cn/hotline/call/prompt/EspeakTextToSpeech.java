package cn.hotline.call.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Mandarin speech from Debian's {@code espeak-ng -v cmn}: robotic, but real Mandarin for demos and tests. */
public final class EspeakTextToSpeech implements TextToSpeech {

    private final String espeak;
    private final String voice;

    public EspeakTextToSpeech(String espeak, String voice) {
        this.espeak = espeak;
        this.voice = voice;
    }

    @Override
    public String name() {
        return "espeak-ng";
    }

    @Override
    public Mono<byte[]> speak(String text) {
        if (text.isBlank() || text.length() > 500) {
            return Mono.error(new IllegalArgumentException("text to speak must be 1-500 characters"));
        }
        return Mono.fromCallable(() -> speakBlocking(text)).subscribeOn(Schedulers.boundedElastic());
    }

    private byte[] speakBlocking(String text) throws IOException, InterruptedException, Commands.Failed {
        Path file = Files.createTempFile("cc-tts-", ".wav");
        try {
            // the text goes as one argument (no shell), so nothing in it is interpreted
            Commands.run(List.of(espeak, "-v", voice, "-s", "150", "-w", file.toString(), "--", text), 60);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
