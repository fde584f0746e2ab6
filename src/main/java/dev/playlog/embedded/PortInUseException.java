package dev.playlog.embedded;

/**
 * An embedded server could not start because a port it needs is already bound by another process.
 * The message names the port, what wanted it and the configuration key(s) to change.
 */
public class PortInUseException extends IllegalStateException {

    private final int port;
    private final String owner;

    /**
     * @param port   the port that is taken
     * @param owner  what wanted it, e.g. "the embedded Kafka broker"
     * @param advice what to do, e.g. "set playlog.embedded.kafka.port to a free port, or ..."
     */
    public PortInUseException(int port, String owner, String advice) {
        super("Port " + port + " for " + owner + " is already in use: " + advice);
        this.port = port;
        this.owner = owner;
    }

    /** The port that was taken. */
    public int port() {
        return port;
    }

    /** What wanted the port, e.g. "the embedded Kafka broker". */
    public String owner() {
        return owner;
    }
}
