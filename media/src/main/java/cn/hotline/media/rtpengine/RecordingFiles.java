package cn.hotline.media.rtpengine;

import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.port.RecordingHandle;
import cn.hotline.media.recording.PcapAudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** rtpengine's pcap of a call, found in its recording folder and turned into a WAV in the spool (blocking I/O). */
final class RecordingFiles {

    private static final long SETTLE_MILLIS = 150;
    private static final long SETTLE_LIMIT_MILLIS = 3_000;

    private RecordingFiles() {}

    static FinishedRecording finish(
            Path recordingDir,
            Path spoolDir,
            RecordingHandle recording,
            int callerPort,
            java.util.Set<Integer> mixerPorts,
            boolean partial)
            throws IOException, InterruptedException {
        Path pcap = awaitSettled(latestPcap(recordingDir, recording));
        Path wav = spoolDir.resolve(recording.call() + ".wav");
        PcapAudio.Conversion conversion = PcapAudio.toStereoWav(pcap, callerPort, mixerPorts, wav);
        Files.deleteIfExists(pcap);
        try (Stream<Path> metadata = list(recordingDir.resolve("metadata"))) {
            for (Path file : metadata.filter(path ->
                            path.getFileName().toString().startsWith("rtpengine-meta-" + recording.call() + "-"))
                    .toList()) {
                Files.deleteIfExists(file);
            }
        }
        return new FinishedRecording(recording.call(), recording.recording(), wav, conversion.duration(), partial);
    }

    private static Path latestPcap(Path recordingDir, RecordingHandle recording) throws IOException {
        String prefix = recording.call() + "-";
        try (Stream<Path> files = list(recordingDir.resolve("pcaps"))) {
            List<Path> pcaps = files.filter(
                            path -> path.getFileName().toString().startsWith(prefix)
                                    && path.getFileName().toString().endsWith(".pcap"))
                    .sorted(Comparator.comparing(RecordingFiles::modified).reversed())
                    .toList();
            if (pcaps.isEmpty()) {
                throw new IOException(
                        "rtpengine wrote no recording of call " + recording.call() + " in " + recordingDir);
            }
            return pcaps.getFirst();
        }
    }

    /** rtpengine closes the file shortly after {@code delete}: wait until its size stops changing. */
    private static Path awaitSettled(Path pcap) throws IOException, InterruptedException {
        long size = Files.size(pcap);
        long waited = 0;
        while (waited < SETTLE_LIMIT_MILLIS) {
            Thread.sleep(SETTLE_MILLIS);
            waited += SETTLE_MILLIS;
            long now = Files.size(pcap);
            if (now == size) {
                return pcap;
            }
            size = now;
        }
        return pcap;
    }

    private static Stream<Path> list(Path dir) throws IOException {
        return Files.isDirectory(dir) ? Files.list(dir) : Stream.empty();
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
