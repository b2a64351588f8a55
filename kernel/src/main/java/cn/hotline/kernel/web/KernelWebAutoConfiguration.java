package cn.hotline.kernel.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;

/** Request ids, log correlation and problem details for every reactive service of the platform. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class KernelWebAutoConfiguration {

    KernelWebAutoConfiguration() {
        RequestIdLogging.install();
    }

    @Bean
    WebFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    WebExceptionHandler problemDetailsExceptionHandler(ServerCodecConfigurer codecs) {
        return new ProblemDetailsExceptionHandler(codecs);
    }
}
