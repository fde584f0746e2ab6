package dev.playlog.warehouse;

import static dev.playlog.warehouse.WarehouseProperties.Snowflake.present;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link CompleteForType}: Snowflake's keys only matter when {@code playlog.warehouse.type=snowflake}. */
public class CompleteForTypeValidator implements ConstraintValidator<CompleteForType, WarehouseProperties> {

    static final String REQUIRED = "must be set when playlog.warehouse.type=snowflake";
    static final String ONE_LOGIN = "set exactly one of playlog.warehouse.snowflake.password and"
            + " playlog.warehouse.snowflake.private-key-file";
    static final String STAGE_AUTH = "set playlog.warehouse.snowflake.storage-integration, or stage-access-key and"
            + " stage-secret-key, when bootstrap creates the stage";
    static final String ENDPOINT_NEEDED = "must be set for an s3compat:// stage-url";

    @Override
    public boolean isValid(WarehouseProperties properties, ConstraintValidatorContext context) {
        if (properties == null || properties.type() != WarehouseProperties.Type.snowflake || properties.snowflake() == null) {
            return true;
        }
        WarehouseProperties.Snowflake s = properties.snowflake();
        context.disableDefaultConstraintViolation();
        boolean valid = true;
        if (!present(s.account())) {
            valid = violation(context, "account", REQUIRED);
        }
        if (!present(s.user())) {
            valid = violation(context, "user", REQUIRED);
        }
        if (present(s.password()) == present(s.privateKeyFile())) {
            // filed under the key file, not the password: Boot's failure report prints the bound value
            valid = violation(context, "privateKeyFile", ONE_LOGIN);
        }
        if (s.bootstrap() && s.createLakeObjects() && !present(s.storageIntegration())
                && !(present(s.stageAccessKey()) && present(s.stageSecretKey()))) {
            valid = violation(context, "storageIntegration", STAGE_AUTH);
        }
        if (present(s.stageUrl()) && s.stageUrl().startsWith("s3compat://") && !present(s.stageEndpoint())) {
            valid = violation(context, "stageEndpoint", ENDPOINT_NEEDED);
        }
        return valid;
    }

    private static boolean violation(ConstraintValidatorContext context, String key, String message) {
        context.buildConstraintViolationWithTemplate(message).addPropertyNode("snowflake").addPropertyNode(key)
                .addConstraintViolation();
        return false;
    }
}
