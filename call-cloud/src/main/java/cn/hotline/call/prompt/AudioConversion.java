package cn.hotline.call.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Converts a WAV file of any common rate, width and channel count to the library's 8 kHz mono format with {@code sox}
 * (blocking, on the bounded elastic scheduler). Anything sox cannot read as WAV is {@link NotAudio}.
 */
final class AudioConversion {

    /** The upload is not a WAV file sox can read. */
    static final class NotAudio extends RuntimeException {
        NotAudio(String message) {
            super(message);
        }
    }

    /** The converted file and what it holds. */
    record Converted(byte[] wav, Wav info) {}

    private final String sox;
    private final AudioFormat format;

    AudioConversion(String sox, AudioFormat format) {
        this.sox = sox;
        this.format = format;
    }

    AudioFormat format() {
        return format;
    }

    Mono<Converted> convert(byte[] upload) {
        if (!Wav.looksLikeWav(upload)) {
            return Mono.error(new NotAudio("the file is not a WAV file (no RIFF/WAVE header)"));
        }
        return Mono.fromCallable(() -> convertBlocking(upload)).subscribeOn(Schedulers.boundedElastic());
    }

    private Converted convertBlocking(byte[] upload) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cc-prompt-");
        try {
            Path in = dir.resolve("in.wav");
            Path out = dir.resolve("out.wav");
            Files.write(in, upload);
            try {
                Commands.run(
                        List.of(
                                sox,
                                "-V1",
                                "-t",
                                "wav",
                                in.toString(),
                                "-r",
                                "8000",
                                "-c",
                                "1",
                                "-b",
                                String.valueOf(format.bits()),
                                "-e",
                                format.soxEncoding(),
                                "-t",
                                "wav",
                                out.toString()),
                        60);
            } catch (Commands.Failed e) {
                throw new NotAudio("the file cannot be read as audio: " + e.getMessage());
            }
            byte[] wav = Files.readAllBytes(out);
            Wav info;
            try {
                info = Wav.read(wav);
            } catch (IllegalArgumentException e) {
                throw new NotAudio("the converted file is not valid WAV: " + e.getMessage());
            }
            if (info.dataBytes() == 0) {
                throw new NotAudio("the file holds no audio");
            }
            return new Converted(wav, info);
        } finally {
            deleteQuietly(dir);
        }
    }

    static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files only
        }
    }
}
