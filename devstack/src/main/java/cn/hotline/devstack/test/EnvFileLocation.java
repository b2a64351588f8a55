package cn.hotline.devstack.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Where the test script's env file is: system property {@code devstack.env} first, then the environment variable
 * {@code CC_DEVSTACK_ENV}. A blank value counts as unset (surefire passes {@code -Ddevstack.env=} when it is).
 *
 * @param configured the path named, if any
 * @param source which setting named it
 */
record EnvFileLocation(@Nullable Path configured, String source) {

    static final String PROPERTY = "devstack.env";
    static final String VARIABLE = "CC_DEVSTACK_ENV";

    static EnvFileLocation resolve(
            UnaryOperator<@Nullable String> systemProperties, UnaryOperator<@Nullable String> environment) {
        String fromProperty = systemProperties.apply(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return new EnvFileLocation(Path.of(fromProperty.strip()), "system property " + PROPERTY);
        }
        String fromEnvironment = environment.apply(VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new EnvFileLocation(Path.of(fromEnvironment.strip()), "environment variable " + VARIABLE);
        }
        return new EnvFileLocation(null, "none");
    }

    static EnvFileLocation fromRuntime() {
        return resolve(System::getProperty, System::getenv);
    }

    /** The file, when one is named and exists. */
    Optional<Path> existingFile() {
        return Optional.ofNullable(configured).filter(Files::isRegularFile);
    }
}
