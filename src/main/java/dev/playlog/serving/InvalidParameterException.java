package dev.playlog.serving;

/** A query parameter of the read API that fails validation; answered as an RFC 9457 problem naming it. */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String detail) {
        super(detail);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
