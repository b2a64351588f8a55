package cn.hotline.call;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** call-cloud: the SIP side, IVR, routing, ACD queues, agent state, call control and call records. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CallCloudApplication {

    public static void main(String[] args) {
        SpringApplication.run(CallCloudApplication.class, args);
    }
}
