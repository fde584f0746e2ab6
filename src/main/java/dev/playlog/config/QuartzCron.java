package dev.playlog.config;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A Quartz cron expression (six or seven fields, seconds first), checked by Quartz's own parser at start-up. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = QuartzCronValidator.class)
public @interface QuartzCron {

    String message() default "must be a Quartz cron expression (seconds minutes hours day-of-month month day-of-week"
            + " [year], e.g. '0/30 * * * * ?')";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
