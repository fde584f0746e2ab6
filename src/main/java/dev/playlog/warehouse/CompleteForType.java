package dev.playlog.warehouse;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The keys the chosen {@code playlog.warehouse.type} needs are set: the Snowflake account, user and exactly one way
 * to log in, and what the stage needs when bootstrap creates it. Each violation names its key.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CompleteForTypeValidator.class)
public @interface CompleteForType {

    String message() default "incomplete warehouse configuration";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
