package cn.hotline.tenant.testing;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.provisioning.FlakyStep;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * tenant-service on a random port against the real servers, trusting {@link TestTokens}, with the test's flaky
 * provisioning step. One application context serves every class annotated with it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestTokens.Initializer.class)
@Import(FlakyStep.Configuration.class)
public @interface TenantServiceTest {}
