package dev.playlog.warehouse;

import static org.awaitility.Awaitility.await;

import dev.playlog.dbt.DbtEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * A real fakesnow server ({@code fakesnow -s}) as a child process on a free loopback port: Snowflake's wire protocol
 * over DuckDB, which the official snowflake-jdbc and dbt-snowflake talk to unmodified. Installed into its own
 * virtualenv under {@code target/} by the same mechanism as dbt's. It has no external tables, no storage
 * integrations and no temporary tables for dbt's incremental runs: the tests say where that matters.
 */
public final class FakesnowServer implements AutoCloseable {

    public static final Path VENV = Path.of("target", "fakesnow-venv");
    public static final Path REQUIREMENTS = Path.of("src", "test", "resources", "fakesnow", "requirements.txt");
    public static final String DATABASE = "PLAYLOG";

    private final Process process;
    private final int port;
    private final Path log;

    private FakesnowServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Installs fakesnow if needed, starts it with its databases under {@code dataDir} and waits for its port. */
    public static FakesnowServer start(Path dataDir) throws IOException {
        Path fakesnow = new DbtEnvironment("python3", VENV, REQUIREMENTS, "fakesnow").dbt();
        int port = freePort();
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("fakesnow.log");
        Process process = new ProcessBuilder(List.of(fakesnow.toString(), "-s", "--host", "127.0.0.1", "-p",
                Integer.toString(port), "-d", dataDir.resolve("db").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        FakesnowServer server = new FakesnowServer(process, port, log);
        try {
            await("fakesnow listening on " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("fakesnow exited: " + Files.readString(log));
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** Settings that point Playlog's Snowflake warehouse at this server (plain HTTP, account {@code fakesnow}). */
    public WarehouseProperties.Snowflake properties(boolean bootstrap, boolean createLakeObjects) {
        return new WarehouseProperties.Snowflake("fakesnow", "playlog", "fakesnow-password", null, null, null, null,
                DATABASE, "BRONZE", "SILVER", "GOLD", "LISTENS", "PLAYLOG_LAKE", "127.0.0.1", port, false, bootstrap,
                createLakeObjects, null, null, null, null, null, 30);
    }

    /** fakesnow starts empty; on Snowflake an administrator creates the database (docs/snowflake.md). */
    public static void createDatabase(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
