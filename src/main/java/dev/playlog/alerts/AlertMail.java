package dev.playlog.alerts;

import org.springframework.stereotype.Component;

/** Route alerts-email's bean: the subject, the recipients and the plain-text body of one alert e-mail. */
@Component(AlertMail.BEAN)
public class AlertMail {

    public static final String BEAN = "alertMail";

    private final AlertsProperties properties;

    public AlertMail(AlertsProperties properties) {
        this.properties = properties;
    }

    public String subject(Alert alert) {
        return alert.subject();
    }

    /** The recipients, comma-separated, as camel-mail reads the {@code To} header. */
    public String recipients() {
        return String.join(", ", properties.email().to());
    }

    public String text(Alert alert) {
        return alert.text();
    }
}
