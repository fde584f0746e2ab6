package dev.playlog.serving;

/** Something under {@code /api/v1} that does not exist; answered 404 as a problem of the given type. */
public class NotFoundException extends RuntimeException {

    private final String type;
    private final String title;

    public NotFoundException(String type, String title, String detail) {
        super(detail);
        this.type = type;
        this.title = title;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}
