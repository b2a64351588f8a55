package cn.hotline.tenant.provisioning;

import io.minio.MinioAsyncClient;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.PulsarClientException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The admin clients that provisioning drives. */
@Configuration(proxyBeanMethods = false)
class ProvisioningConfiguration {

    @Bean(destroyMethod = "close")
    PulsarAdmin provisioningPulsarAdmin(ProvisioningProperties properties) throws PulsarClientException {
        return PulsarAdmin.builder()
                .serviceHttpUrl(properties.pulsar().adminUrl().toString())
                .build();
    }

    @Bean
    MinioAsyncClient provisioningStorageClient(ProvisioningProperties properties) {
        ProvisioningProperties.Storage storage = properties.storage();
        return MinioAsyncClient.builder()
                .endpoint(storage.endpoint().toString())
                .region(storage.region())
                .credentials(storage.accessKey(), storage.secretKey())
                .build();
    }
}
