package cn.hotline.devstack.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the real servers: PostgreSQL, Redis, Pulsar, S3Mock and Janus, their addresses in the
 * {@code CC_*} system properties before any Spring context starts.
 *
 * <pre>{@code
 * @RealServers
 * @SpringBootTest
 * class QueueManagementIT { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealServersExtension.class)
public @interface RealServers {}
