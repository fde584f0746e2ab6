package dev.playlog.event;

/** A record that is not a valid listen event; its message is the reason written to the dead-letter topic. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason);
    }
}
