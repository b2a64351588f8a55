package cn.hotline.kernel.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

class KernelArchitectureTest {

    @Test
    void kernelKeepsThePlatformRules() {
        PlatformRules.checkReactiveModule();
    }

    @Test
    void kernelHoldsNoServiceCode() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PlatformRules.SERVICE_ROOTS.stream()
                        .map(root -> root + "..")
                        .toArray(String[]::new))
                .check(PlatformRules.mainClasses());
    }
}
