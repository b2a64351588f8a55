package cn.hotline.devstack.test;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** What another module's test sees: {@code @RealServers} on the class, CC_* system properties, injected endpoints. */
@RealServers
class RealServersExtensionIT {

    @Test
    void publishesEveryKeyAsASystemProperty(StackEndpoints endpoints) {
        endpoints.toMap().forEach((key, value) -> assertThat(System.getProperty(key))
                .as(key)
                .isEqualTo(value));
        assertThat(TestStack.endpoints()).isSameAs(endpoints);
    }

    @Test
    void theServersBehindThePropertiesAnswer(StackEndpoints endpoints) throws Exception {
        try (Socket redis = new Socket()) {
            redis.connect(
                    new InetSocketAddress(System.getProperty("CC_REDIS_HOST"), Integer.getInteger("CC_REDIS_PORT")),
                    1000);
            assertThat(redis.isConnected()).isTrue();
        }
        String url = "jdbc:postgresql://" + System.getProperty("CC_PG_HOST") + ":" + System.getProperty("CC_PG_PORT")
                + "/cc_tenant";
        try (Connection app = DriverManager.getConnection(
                url, System.getProperty("CC_DB_APP_USER"), System.getProperty("CC_DB_APP_PASSWORD"))) {
            assertThat(app.getMetaData().getUserName()).isEqualTo(endpoints.dbAppUser());
        }
    }
}
