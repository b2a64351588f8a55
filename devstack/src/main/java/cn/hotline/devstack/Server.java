package cn.hotline.devstack;

import java.nio.file.Path;
import java.util.List;

/** One real server of the stack, configured (ports, folders) before it starts. */
interface Server {

    String name();

    /** Starts the server and returns once it answers its health check; throws {@link StackStartException}. */
    void start();

    /** Stops the server and all its processes; idempotent, and safe while {@link #start()} is still running. */
    void stop();

    /** Where it listens, for people: {@code 127.0.0.1:5432 (postgres)}. */
    List<String> addresses();

    /** The TCP ports it was told to listen on. */
    List<Integer> tcpPorts();

    /** Its processes right now (empty when stopped). */
    List<ProcessHandle> processes();

    Path logFile();
}
