package cn.hotline.workforce.training;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.workforce.training.*}.
 *
 * @param bucket where course materials are stored ({@code <tenant>/<course>/<material>})
 * @param maxMaterialSize the largest material accepted
 * @param timeoutInterval how often one instance (ShedLock) submits the exams whose time is up
 * @param linkValidity how long a material's download link works
 */
@Validated
@ConfigurationProperties("cc.workforce.training")
public record TrainingProperties(
        @DefaultValue("cc-training") String bucket,
        @DefaultValue("52428800") long maxMaterialSize,
        @DefaultValue("true") boolean timeoutJobEnabled,
        @DefaultValue("PT5S") Duration timeoutInterval,
        @DefaultValue("PT15M") Duration linkValidity) {}
