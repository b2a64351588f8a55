package cn.hotline.call.admission;

import cn.hotline.kernel.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

/** Wires admission to tenant-service, PostgreSQL and Redis. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdmissionProperties.class)
class AdmissionConfiguration {

    @Bean
    Blacklists blacklists(DatabaseClient db, TransactionalOperator tx) {
        return new Blacklists(db, tx);
    }

    @Bean
    Admission admission(
            SecurityProperties security,
            Blacklists blacklists,
            ReactiveStringRedisTemplate redis,
            AdmissionProperties properties) {
        NumberDirectory numbers = new NumberDirectory(
                WebClient.builder()
                        .baseUrl(String.valueOf(properties.tenantServiceUrl()))
                        .build(),
                security.internalTokenValue(),
                properties.numberCacheTtl(),
                properties.unknownNumberCacheTtl(),
                System::nanoTime);
        return new Admission(numbers, blacklists, new CallQuota(redis, properties.callTtlValue()), properties);
    }
}
