package cn.hotline.ticket.testing;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.testing.TestTokens;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * ticket-service on a random port against the real servers, trusting {@link TestTokens}, reading units and calendars
 * from {@link TenantServiceStub}. One application context serves every class annotated with it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = {TestTokens.Initializer.class, TenantServiceStub.Initializer.class})
@Import(TestClock.Config.class)
public @interface TicketServiceTest {}
