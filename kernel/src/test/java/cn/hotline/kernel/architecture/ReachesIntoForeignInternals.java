package cn.hotline.kernel.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** A class depends on {@code a.b.internal..} although it lives outside {@code a.b..}. */
final class ReachesIntoForeignInternals extends ArchCondition<JavaClass> {

    ReachesIntoForeignInternals() {
        super("depend on another context's internal package");
    }

    @Override
    public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
            String target = dependency.getTargetClass().getPackageName();
            int internal = target.indexOf(".internal");
            if (internal < 0 || !target.startsWith("cn.hotline.")) {
                continue;
            }
            String owner = target.substring(0, internal);
            if (!origin.getPackageName().startsWith(owner)) {
                events.add(SimpleConditionEvent.violated(origin, dependency.getDescription()));
            }
        }
    }
}
