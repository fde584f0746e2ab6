package dev.playlog.serving;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the {@code /api/v1} endpoints (gold and runs); an invalid parameter's problem names it
 * under {@code parameter}. It handles only these exception types, so other controllers are unaffected.
 */
@RestControllerAdvice
class ServingProblems {

    static final String TYPE_BASE = "https://playlog.dev/problems/";

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidParameterException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                e.parameter() + ": " + e.getMessage());
        problem.setProperty("parameter", e.parameter());
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(HttpStatus.NOT_FOUND, e.type(), e.title(), e.getMessage()));
    }

    @ExceptionHandler(NoSnapshotException.class)
    ResponseEntity<ProblemDetail> none(NoSnapshotException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "60")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "no-snapshot", "No gold published yet", e.getMessage()));
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
