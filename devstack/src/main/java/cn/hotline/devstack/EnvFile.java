package cn.hotline.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * {@code KEY=value} files that both {@code source} (bash) and {@link Properties#load(Reader)} read the same way. That
 * holds only while values need no quoting or escaping in either syntax, so anything else is refused at write time.
 */
final class EnvFile {

    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._:/@+,%-]*");

    private EnvFile() {}

    /** Writes the file atomically: a reader polling for it never sees half of it. */
    static void write(Path file, SequencedMap<String, String> values, String comment) {
        StringBuilder text = new StringBuilder();
        comment.lines().forEach(line -> text.append("# ").append(line).append('\n'));
        values.forEach((key, value) -> {
            requireSafe(key, value);
            text.append(key).append('=').append(value).append('\n');
        });
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return properties;
    }

    static void requireSafe(String key, String value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("env file key must match " + KEY + ": " + key);
        }
        if (!SAFE_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("env file value of " + key + " must match " + SAFE_VALUE
                    + " to read the same in bash and " + "java.util.Properties: " + value);
        }
    }

    static void requireSafe(Map<String, String> values) {
        values.forEach(EnvFile::requireSafe);
    }
}
