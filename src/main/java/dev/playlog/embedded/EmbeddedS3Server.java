package dev.playlog.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server (s3proxy 2.7 with its {@code filesystem-nio2} jclouds backend) run inside this JVM.
 *
 * <p>Each bucket is a folder under the root folder and each object a plain file at {@code <root>/<bucket>/<key>}, so
 * objects survive restarts (and other tools can read them in place). The {@code filesystem-nio2} provider is used
 * rather than jclouds' older {@code filesystem} one because the latter lists the folders of nested keys as extra
 * zero-byte objects ({@code a/}, {@code a/b/}) in a listing without delimiter, which real S3 does not do.
 * Requests must be signed (AWS signature V2 or V4) with the given access key and secret key; clients should use
 * path-style addressing and any region (e.g. {@code us-east-1}).
 *
 * <p>The store is wrapped in {@link CrashSafeBlobStore}: upload bodies are staged in {@code <root>-staging} (a sibling
 * of the root folder), listings never run while a file in a bucket appears or vanishes, and {@link #start()} first
 * removes what an upload interrupted by a crash left behind.
 *
 * <p>Life cycle: {@link #start()} once, then {@link #close()}. A new instance may be started on the same root after
 * the previous one was closed.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    /** Default address the server listens on. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);
    /** s3proxy's NIO.2 filesystem blob store (see the class comment). */
    private static final String PROVIDER = "filesystem-nio2";

    /**
     * Configuration keys named in {@link PortInUseException} messages.
     *
     * @param port     key of the port, e.g. {@code playlog.embedded.s3.port}
     * @param enabled  key that turns the embedded server off, e.g. {@code playlog.embedded.s3.enabled}
     * @param endpoint key that points the app at an existing S3 service, e.g. {@code playlog.s3.endpoint}
     */
    public record Keys(String port, String enabled, String endpoint) {

        /** The keys Playlog uses. */
        public static final Keys PLAYLOG = new Keys("playlog.embedded.s3.port", "playlog.embedded.s3.enabled",
                "playlog.s3.endpoint");

        public Keys {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(enabled, "enabled");
            Objects.requireNonNull(endpoint, "endpoint");
        }

        String advice() {
            return "set " + port + " to a free port, or " + enabled + "=false and " + endpoint
                    + " to use an existing S3 service";
        }
    }

    private final Path root;
    private final String host;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;
    private final Keys keys;

    private BlobStoreContext context;
    private S3Proxy proxy;

    /** A server on 127.0.0.1 with Playlog's configuration keys. */
    public EmbeddedS3Server(Path root, int port, String accessKey, String secretKey, String bucket) {
        this(root, DEFAULT_HOST, port, accessKey, secretKey, bucket, Keys.PLAYLOG);
    }

    /**
     * @param root      folder holding the buckets (created if missing)
     * @param host      address to listen on ({@code 0.0.0.0} listens everywhere; {@link #endpoint()} then names
     *                  127.0.0.1)
     * @param port      HTTP port
     * @param accessKey the only accepted access key id
     * @param secretKey its secret key
     * @param bucket    bucket created by {@link #start()} when missing
     * @param keys      configuration keys named when the port is taken
     */
    public EmbeddedS3Server(Path root, String host, int port, String accessKey, String secretKey, String bucket,
            Keys keys) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.accessKey = requireText(accessKey, "accessKey");
        this.secretKey = requireText(secretKey, "secretKey");
        this.bucket = requireText(bucket, "bucket");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Starts the server, returns once it accepts requests, and creates the bucket if it does not exist yet.
     *
     * @throws PortInUseException when the port is taken
     */
    public synchronized void start() {
        if (proxy != null) {
            throw new IllegalStateException("Embedded S3 server already started");
        }
        Ports.requireFree(host, port, "the embedded S3 server", keys.advice());
        try {
            Files.createDirectories(root);
            Path staging = staging();
            List<Path> leftovers = CrashSafeBlobStore.recover(root, staging);
            if (!leftovers.isEmpty()) {
                log.warn("Embedded S3: removed {} file(s) of uploads interrupted by a crash: {}", leftovers.size(),
                        leftovers.size() > 10 ? leftovers.subList(0, 10) + " ..." : leftovers);
            }
            Properties overrides = new Properties();
            overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, root.toString());
            context = ContextBuilder.newBuilder(PROVIDER)
                    .credentials(accessKey, secretKey)
                    .overrides(overrides)
                    .buildView(BlobStoreContext.class);
            BlobStore blobStore = new CrashSafeBlobStore(context.getBlobStore(), staging);
            S3Proxy p = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(URI.create("http://" + host + ":" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy = p;
            p.start(); // Jetty's start() returns once the connector is bound
            if (!"STARTED".equals(p.getState())) {
                throw new IllegalStateException("s3proxy is " + p.getState() + " after start");
            }
            if (!blobStore.containerExists(bucket)) {
                blobStore.createContainerInLocation(null, bucket);
                log.info("Embedded S3: created bucket {}", bucket);
            }
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("Could not start the embedded S3 server on " + host + ":" + port + ": "
                    + e, e);
        }
        log.info("Embedded S3 (s3proxy) listening on {}, bucket {}, data in {}", endpoint(), bucket, root);
    }

    /** {@code http://host:port}, for an S3 client's endpoint override (use path-style access). */
    public String endpoint() {
        return "http://" + Ports.clientHost(host) + ":" + port;
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return accessKey;
    }

    public Path root() {
        return root;
    }

    /** Folder where upload bodies are received before they enter a bucket: {@code <root>-staging}. */
    public Path staging() {
        return root.resolveSibling(root.getFileName() + "-staging");
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return proxy != null;
    }

    /** Stops the server and waits until it has stopped. Does nothing when not started. */
    @Override
    public synchronized void close() {
        if (proxy == null && context == null) {
            return;
        }
        try {
            stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the embedded S3 server on " + endpoint(), e);
        }
        log.info("Embedded S3 (s3proxy) on {} stopped", endpoint());
    }

    private void stop() throws Exception {
        S3Proxy p = proxy;
        BlobStoreContext c = context;
        proxy = null;
        context = null;
        try {
            if (p != null) {
                p.stop(); // Jetty's stop() waits for the connector and threads
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (Exception e) {
            log.warn("Could not stop the embedded S3 server after a failed start", e);
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
