package io.filebridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: a Spring Boot application hosting the Camel context that runs the pipelines in {@code routes/}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FilebridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(FilebridgeApplication.class, args);
    }
}
