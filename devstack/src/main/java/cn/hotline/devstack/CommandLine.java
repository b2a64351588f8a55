package cn.hotline.devstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code devstack <command> [--option value | --option=value]...}, checked against the options the command knows. */
record CommandLine(String command, Map<String, String> options) {

    static final Map<String, Set<String>> COMMANDS = Map.of(
            "servers", Set.of("env-file", "run-dir", "s3-buckets"),
            "platform", Set.of("root", "gateway-port", "run-dir", "s3-buckets", "public-host"),
            "help", Set.of());

    CommandLine {
        options = Map.copyOf(options);
    }

    static CommandLine parse(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("no command given");
        }
        String command = args.getFirst();
        if (command.equals("--help") || command.equals("-h")) {
            command = "help";
        }
        Set<String> known = COMMANDS.get(command);
        if (known == null) {
            throw new UsageException("unknown command '" + command + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option --" + name + " needs a value");
            }
            if (!known.contains(name)) {
                throw new UsageException("command '" + command + "' has no option --" + name);
            }
            if (options.put(name, value) != null) {
                throw new UsageException("option --" + name + " given twice");
            }
        }
        return new CommandLine(command, options);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name)).filter(value -> !value.isBlank());
    }

    String required(String name) {
        return option(name).orElseThrow(() -> new UsageException(command + " needs --" + name));
    }

    int intOption(String name, int defaultValue) {
        String value = option(name).orElse(Integer.toString(defaultValue));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number: " + value);
        }
    }

    List<String> listOption(String name) {
        return option(name).map(value -> List.of(value.split(","))).orElse(List.of()).stream()
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /** A command line that cannot be run; the launcher prints the usage. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
