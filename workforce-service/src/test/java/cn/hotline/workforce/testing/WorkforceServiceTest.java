package cn.hotline.workforce.testing;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.testing.TestTokens;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * workforce-service on a random port against the real servers, trusting {@link TestTokens}. One application context
 * serves every class annotated with it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestTokens.Initializer.class)
public @interface WorkforceServiceTest {}
