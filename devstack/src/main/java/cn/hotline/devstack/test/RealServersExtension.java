package cn.hotline.devstack.test;

import cn.hotline.devstack.StackEndpoints;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Before a test class runs, makes the real servers available ({@link TestStack}) and publishes their {@code CC_*} keys
 * as system properties; also injects {@link StackEndpoints} into test methods and constructors that ask for it.
 */
public final class RealServersExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestStack.applyToSystemProperties();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == StackEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return TestStack.endpoints();
    }
}
