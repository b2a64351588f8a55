package cn.hotline.call.prompt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs sox and espeak-ng. Blocking: callers run it on the bounded elastic scheduler. */
final class Commands {

    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private Commands() {}

    static void run(List<String> command, long timeoutSeconds) throws Failed, IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new Failed(command.getFirst() + " did not finish within " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
            String text = new String(output, StandardCharsets.UTF_8).strip();
            throw new Failed(command.getFirst() + " failed (" + process.exitValue() + "): "
                    + (text.length() > 300 ? text.substring(0, 300) : text));
        }
    }
}
