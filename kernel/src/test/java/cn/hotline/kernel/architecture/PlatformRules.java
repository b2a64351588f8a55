package cn.hotline.kernel.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The architecture rules every module of the platform keeps, shared through the kernel's test jar.
 * A module's {@code ArchitectureTest} calls {@link #checkReactiveModule()} (or {@link
 * #checkServletModule()} for auth-server) over its own main classes.
 */
public final class PlatformRules {

    /** Root packages of the deployable services; none may reach into another. */
    public static final List<String> SERVICE_ROOTS = List.of(
            "cn.hotline.gateway",
            "cn.hotline.auth",
            "cn.hotline.tenant",
            "cn.hotline.call",
            "cn.hotline.ticket",
            "cn.hotline.workforce");

    private static final Set<String> REACTOR_TYPES =
            Set.of("reactor.core.publisher.Mono", "reactor.core.publisher.Flux");
    private static final Set<String> BLOCKING_METHODS =
            Set.of("block", "blockOptional", "blockFirst", "blockLast", "toIterable", "toStream", "toFuture");

    public static final ArchRule NO_BLOCKING_REACTOR_CALLS = noClasses()
            .should()
            .callMethodWhere(
                    new DescribedPredicate<JavaMethodCall>(
                            "a blocking Reactor call (block*, toIterable, toStream, toFuture)") {
                        @Override
                        public boolean test(JavaMethodCall call) {
                            return REACTOR_TYPES.contains(call.getTargetOwner().getName())
                                    && BLOCKING_METHODS.contains(call.getName());
                        }
                    })
            .allowEmptyShould(true)
            .because("request paths of reactive services must never block an event-loop thread");

    public static final ArchRule NO_RANDOM_UUID_ON_EVENT_LOOPS = noClasses()
            .should()
            .callMethod(java.util.UUID.class, "randomUUID")
            .allowEmptyShould(true)
            .because("UUID.randomUUID() may block on /dev/urandom; use cn.hotline.kernel.id.Uuids.v7()");

    public static final ArchRule NO_FIELD_INJECTION = noFields()
            .should()
            .beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired")
            .orShould()
            .beAnnotatedWith("org.springframework.beans.factory.annotation.Value")
            .orShould()
            .beAnnotatedWith("jakarta.inject.Inject")
            .allowEmptyShould(true)
            .because(
                    "dependencies arrive through constructors; configuration through @ConfigurationProperties records");

    public static final ArchRule DOMAIN_FREE_OF_SPRING = noClasses()
            .that()
            .resideInAPackage("..domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "io.r2dbc..", "org.apache.pulsar..")
            .allowEmptyShould(true)
            .allowEmptyShould(true)
            .because("domain models are plain Java, testable without a framework");

    public static final ArchRule NO_IMPL_NAMES = noClasses()
            .should()
            .haveSimpleNameEndingWith("Impl")
            .allowEmptyShould(true)
            .because("name a class for what it is, not for implementing an interface");

    public static final ArchRule NO_THREAD_LOCALS = noFields()
            .should()
            .haveRawType(ThreadLocal.class)
            .allowEmptyShould(true)
            .because("the tenant and request travel in the Reactor Context, never in a ThreadLocal");

    public static final ArchRule NO_INTERNAL_ACCESS_ACROSS_CONTEXTS = noClasses()
            .that()
            .resideOutsideOfPackage("..internal..")
            .should(new ReachesIntoForeignInternals())
            .allowEmptyShould(true)
            .because("a context's internal package is visible only to that context");

    private PlatformRules() {}

    public static List<ArchRule> serviceIsolation() {
        return SERVICE_ROOTS.stream()
                .map(root -> noClasses()
                        .that()
                        .resideInAPackage(root + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(SERVICE_ROOTS.stream()
                                .filter(other -> !other.equals(root))
                                .map(other -> other + "..")
                                .toArray(String[]::new))
                        .allowEmptyShould(true)
                        .allowEmptyShould(true)
                        .because("services talk through events and HTTP, never through each other's code"))
                .toList();
    }

    /** The module's own main classes, as compiled into {@code target/classes}. */
    public static JavaClasses mainClasses() {
        Path classes = Path.of("target", "classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("no compiled classes at " + classes.toAbsolutePath());
        }
        return new ClassFileImporter().importPath(classes);
    }

    public static void checkReactiveModule() {
        JavaClasses classes = mainClasses();
        NO_BLOCKING_REACTOR_CALLS.check(classes);
        NO_RANDOM_UUID_ON_EVENT_LOOPS.check(classes);
        checkCommon(classes);
    }

    public static void checkServletModule() {
        checkCommon(mainClasses());
    }

    private static void checkCommon(JavaClasses classes) {
        NO_FIELD_INJECTION.check(classes);
        DOMAIN_FREE_OF_SPRING.check(classes);
        NO_IMPL_NAMES.check(classes);
        NO_THREAD_LOCALS.check(classes);
        NO_INTERNAL_ACCESS_ACROSS_CONTEXTS.check(classes);
        serviceIsolation().forEach(rule -> rule.check(classes));
    }
}
