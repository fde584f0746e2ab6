package dev.playlog.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class PortInUseFailureAnalyzerTest {

    @Test
    void splitsTheMessageIntoDescriptionAndAction() {
        PortInUseException e = new PortInUseException(9000, "the embedded S3 server",
                "set playlog.embedded.s3.port to a free port, or playlog.embedded.s3.enabled=false and "
                        + "playlog.s3.endpoint to use an existing S3 service");

        FailureAnalysis analysis = new PortInUseFailureAnalyzer().analyze(new RuntimeException("wrapped", e));

        assertThat(analysis.getDescription()).isEqualTo("Port 9000 for the embedded S3 server is already in use.");
        assertThat(analysis.getAction()).isEqualTo("Set playlog.embedded.s3.port to a free port, or "
                + "playlog.embedded.s3.enabled=false and playlog.s3.endpoint to use an existing S3 service.");
        assertThat(e.port()).isEqualTo(9000);
        assertThat(e.owner()).isEqualTo("the embedded S3 server");
    }
}
