package dev.playlog.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.tools.StorageTool;

/**
 * A single-node Kafka 3.9 broker in KRaft mode (one process holding both the broker and the controller role),
 * run inside this JVM.
 *
 * <p>The log directory is formatted on the first start only; later starts on the same directory reuse its
 * cluster id, so topics, records and committed consumer offsets survive restarts. Internal topics use
 * replication factor 1.
 *
 * <p>Life cycle: {@link #start()} once, then {@link #close()}. A new instance may be started on the same directory
 * after the previous one was closed.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Default address the broker listens on. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default number of partitions of auto-created topics. */
    public static final int DEFAULT_PARTITIONS = 3;
    /** How long {@link #start()} waits for the broker to accept clients. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String META_PROPERTIES = "meta.properties";

    /**
     * Configuration keys named in {@link PortInUseException} messages.
     *
     * @param port             key of the broker (client) port, e.g. {@code playlog.embedded.kafka.port}
     * @param controllerPort   key of the KRaft controller port, e.g. {@code playlog.embedded.kafka.controller-port}
     * @param enabled          key that turns the embedded broker off, e.g. {@code playlog.embedded.kafka.enabled}
     * @param bootstrapServers key that points the app at an existing broker, e.g. {@code playlog.kafka.bootstrap-servers}
     */
    public record Keys(String port, String controllerPort, String enabled, String bootstrapServers) {

        /** The keys Playlog uses. */
        public static final Keys PLAYLOG = new Keys("playlog.embedded.kafka.port",
                "playlog.embedded.kafka.controller-port", "playlog.embedded.kafka.enabled",
                "playlog.kafka.bootstrap-servers");

        public Keys {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(controllerPort, "controllerPort");
            Objects.requireNonNull(enabled, "enabled");
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        }

        String advice(String portKey) {
            return "set " + portKey + " to a free port, or " + enabled + "=false and " + bootstrapServers
                    + " to use an existing broker";
        }
    }

    private final Path logDir;
    private final String host;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private final Keys keys;

    private Server server;
    private String clusterId;

    /** A broker on 127.0.0.1 with 3 partitions per auto-created topic and Playlog's configuration keys. */
    public EmbeddedKafkaBroker(Path logDir, int port, int controllerPort) {
        this(logDir, DEFAULT_HOST, port, controllerPort, DEFAULT_PARTITIONS, Keys.PLAYLOG);
    }

    /**
     * @param logDir         where the broker keeps its data (created if missing)
     * @param host           address to listen on and to advertise ({@code 0.0.0.0} listens everywhere and
     *                       advertises 127.0.0.1)
     * @param port           client (PLAINTEXT) port
     * @param controllerPort KRaft controller port
     * @param partitions     {@code num.partitions}: partitions of auto-created topics
     * @param keys           configuration keys named when a port is taken
     */
    public EmbeddedKafkaBroker(Path logDir, String host, int port, int controllerPort, int partitions, Keys keys) {
        this.logDir = Objects.requireNonNull(logDir, "logDir").toAbsolutePath().normalize();
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.controllerPort = controllerPort;
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.partitions = partitions;
        this.keys = Objects.requireNonNull(keys, "keys");
        if (port == controllerPort) {
            throw new IllegalArgumentException("The broker port and the controller port must differ (both " + port
                    + "): change " + keys.controllerPort());
        }
    }

    /**
     * Formats the log directory if this is its first use, starts the broker and blocks until it answers clients.
     *
     * @throws PortInUseException    when the broker or controller port is taken
     * @throws IllegalStateException when the broker did not start within {@link #STARTUP_TIMEOUT}
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Embedded Kafka broker already started");
        }
        Ports.requireFree(host, port, "the embedded Kafka broker", keys.advice(keys.port()));
        Ports.requireFree(host, controllerPort, "the embedded Kafka controller", keys.advice(keys.controllerPort()));
        try {
            Files.createDirectories(logDir);
            Properties props = brokerProperties();
            clusterId = formatIfNeeded(props);
            Server s = new KafkaRaftServer(kafkaConfig(props), Time.SYSTEM);
            server = s;
            s.startup();
            awaitClients();
        } catch (RuntimeException | Error e) {
            stopQuietly();
            throw e;
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("Could not start the embedded Kafka broker in " + logDir + ": " + e, e);
        }
        log.info("Embedded Kafka (KRaft) listening on {}, data in {}", bootstrapServers(), logDir);
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return Ports.clientHost(host) + ":" + port;
    }

    /** The KRaft cluster id, known once started (read from, or written to, {@code meta.properties}). */
    public String clusterId() {
        return clusterId;
    }

    /** The directory holding the broker's data. */
    public Path logDir() {
        return logDir;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down and waits until it has stopped. Does nothing when not started. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        Server s = server;
        server = null;
        s.shutdown();
        s.awaitShutdown();
        log.info("Embedded Kafka (KRaft) on {} stopped", bootstrapServers());
    }

    private void stopQuietly() {
        Server s = server;
        server = null;
        if (s != null) {
            try {
                s.shutdown();
                s.awaitShutdown();
            } catch (RuntimeException e) {
                log.warn("Could not stop the embedded Kafka broker after a failed start", e);
            }
        }
    }

    private Properties brokerProperties() {
        String advertised = Ports.clientHost(host);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + advertised + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + advertised + ":" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", Integer.toString(partitions));
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        // the log cleaner (compaction of __consumer_offsets) allocates its dedupe buffer on the shared heap: 128 MiB by
        // default, a tenth of the app's; 16 MiB compacts the offsets topic of a one-machine pipeline just as well
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return p;
    }

    /** Formats {@link #logDir} unless it holds a {@code meta.properties}; returns the cluster id in use. */
    private String formatIfNeeded(Properties props) throws IOException {
        Path meta = logDir.resolve(META_PROPERTIES);
        if (Files.exists(meta)) {
            Properties existing = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                existing.load(in);
            }
            String id = existing.getProperty("cluster.id");
            if (id == null || id.isBlank()) {
                throw new IllegalStateException(meta + " has no cluster.id: move the folder away to start afresh");
            }
            return id;
        }
        String id = Uuid.randomUuid().toString();
        // kafka-storage.sh format, run in-process; it reads the same configuration the broker will use.
        Path config = Files.createTempFile("playlog-kraft-", ".properties");
        try {
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "embedded Kafka, used once to format " + logDir);
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int code;
            try (PrintStream ps = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                code = StorageTool.execute(new String[] {"format", "--cluster-id", id, "--config", config.toString()},
                        ps);
            }
            String printed = output.toString(StandardCharsets.UTF_8).strip();
            if (code != 0) {
                throw new IllegalStateException("Formatting " + logDir + " failed (" + code + "): " + printed);
            }
            log.debug("Formatted {}: {}", logDir, printed);
        } finally {
            Files.deleteIfExists(config);
        }
        log.info("Embedded Kafka: formatted new KRaft storage in {} (cluster id {})", logDir, id);
        return id;
    }

    /**
     * {@code KafkaConfig.fromProps(props, false)}. Called reflectively: {@code KafkaConfig} extends a class from
     * {@code kafka-server}, which Maven puts on the runtime class path only, so the compiler cannot see it.
     */
    private static kafka.server.KafkaConfig kafkaConfig(Properties props) throws ReflectiveOperationException {
        try {
            return (kafka.server.KafkaConfig) Class.forName("kafka.server.KafkaConfig")
                    .getMethod("fromProps", Properties.class, boolean.class)
                    .invoke(null, props, false);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** Blocks until an admin client sees the broker in the cluster, or {@link #STARTUP_TIMEOUT} passes. */
    private void awaitClients() throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(STARTUP_TIMEOUT.toMillis()));
        p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "playlog-embedded-kafka-readiness");
        Exception last = null;
        try (Admin admin = Admin.create(p)) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    break;
                }
                try {
                    Collection<Node> nodes = admin
                            .describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(remainingMs, 10_000)))
                            .nodes().get(remainingMs, TimeUnit.MILLISECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == NODE_ID)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e; // the admin client retried until its own timeout: ask again while time is left
                }
            }
        }
        TimeoutException timeout = new TimeoutException("The embedded Kafka broker on " + bootstrapServers()
                + " did not answer clients within " + STARTUP_TIMEOUT.toSeconds() + " s");
        if (last != null) {
            timeout.initCause(last);
        }
        throw timeout;
    }
}
