package dev.playlog.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.text.ParseException;
import org.quartz.CronExpression;

/** Checks {@link QuartzCron} with Quartz's parser and adds its reason to the message. */
public class QuartzCronValidator implements ConstraintValidator<QuartzCron, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null || value.isBlank()) {
            return true; // @NotBlank reports those
        }
        try {
            CronExpression.validateExpression(value);
            return true;
        } catch (ParseException e) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate()
                    + ": " + e.getMessage().replace("{", "(").replace("}", ")")).addConstraintViolation();
            return false;
        }
    }
}
