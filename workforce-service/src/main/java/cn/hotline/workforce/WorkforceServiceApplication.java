package cn.hotline.workforce;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * workforce-service: quality inspection (质检) with automatic QA, scheduling (排班), training and exams,
 * announcements and notes (公告 / 便签), and SMS.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkforceServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkforceServiceApplication.class, args);
    }
}
