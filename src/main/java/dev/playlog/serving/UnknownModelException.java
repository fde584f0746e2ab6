package dev.playlog.serving;

/** A read of a model that is not a gold model, or not in the current build; the API answers 404. */
public class UnknownModelException extends NotFoundException {

    public UnknownModelException(String detail) {
        super("unknown-model", "Unknown gold model", detail);
    }
}
