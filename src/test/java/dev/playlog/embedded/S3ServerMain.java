package dev.playlog.embedded;

import java.io.IOException;
import java.nio.file.Path;

/** Runs an {@link EmbeddedS3Server} in a JVM of its own until stdin closes; {@link EmbeddedS3ServerCrashIT} kills it. */
public final class S3ServerMain {

    static final String READY = "S3 SERVER READY";

    private S3ServerMain() {
    }

    /** Arguments: root folder, port, access key, secret key, bucket. */
    public static void main(String[] args) throws IOException {
        EmbeddedS3Server server = new EmbeddedS3Server(Path.of(args[0]), "127.0.0.1", Integer.parseInt(args[1]), args[2],
                args[3], args[4], EmbeddedS3Server.Keys.PLAYLOG);
        server.start();
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until killed or stdin closes
        }
        server.close();
    }
}
