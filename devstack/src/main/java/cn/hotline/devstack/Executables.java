package cn.hotline.devstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the Debian-packaged servers (redis-server, janus) on the PATH or in the usual sbin/bin folders. */
final class Executables {

    private static final List<String> EXTRA_DIRS =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin");

    private Executables() {}

    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(EXTRA_DIRS);
        return dirs.stream()
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static Path require(String name, String debianPackage) {
        return find(name)
                .orElseThrow(() -> new StackStartException(name + " not found: install the Debian package "
                        + debianPackage + " (scripts/install-system-packages.sh does it)"));
    }
}
