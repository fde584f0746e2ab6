package dev.playlog.security;

/** A user definition Playlog cannot use; the message names the key or file line and never carries a hash. */
public class InvalidUsersException extends IllegalArgumentException {

    public InvalidUsersException(String message) {
        super(message);
    }
}
