package cn.hotline.citysim;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The city 12345 platform simulator: for tests, the demo and {@code ./run}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CitySimulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(CitySimulatorApplication.class, args);
    }
}
