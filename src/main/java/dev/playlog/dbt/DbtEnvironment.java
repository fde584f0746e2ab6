package dev.playlog.dbt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the dbt executable: creates the project virtualenv and installs the pinned requirements the first time
 * (or when the requirements file changed), so neither the run command nor the tests need a manual install step.
 * Installation starts in the background at start-up; the first dbt build waits for it. The same mechanism installs
 * other Python tools into their own virtualenv (the tests' fakesnow server).
 */
public class DbtEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(DbtEnvironment.class);
    private static final String STAMP = ".playlog-requirements.sha256";

    private final String python;
    private final Path venv;
    private final Path requirements;
    private final String executable;
    private volatile CompletableFuture<Path> ready;

    public DbtEnvironment(DbtProperties properties) {
        this(properties.python(), Path.of(properties.venv()), Path.of(properties.requirements()), "dbt");
    }

    /**
     * @param python       interpreter that creates the virtualenv
     * @param venv         the virtualenv folder
     * @param requirements pinned packages to install into it
     * @param executable   the program in {@code <venv>/bin} that {@link #dbt()} answers
     */
    public DbtEnvironment(String python, Path venv, Path requirements, String executable) {
        this.python = python;
        this.venv = venv.toAbsolutePath();
        this.requirements = requirements.toAbsolutePath();
        this.executable = executable;
    }

    /** Starts the install in the background if needed. */
    public synchronized CompletableFuture<Path> prepare() {
        if (ready == null) {
            ready = CompletableFuture.supplyAsync(this::install);
        }
        return ready;
    }

    /** The dbt executable, waiting for the install if it is still running. */
    public Path dbt() {
        try {
            return prepare().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the dbt virtualenv", e);
        } catch (ExecutionException e) {
            synchronized (this) {
                ready = null; // try again at the next build
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private Path install() {
        Path dbt = venv.resolve("bin").resolve(executable);
        String wanted = sha256(requirements);
        Path stamp = venv.resolve(STAMP);
        try {
            if (Files.isExecutable(dbt) && Files.exists(stamp) && Files.readString(stamp).trim().equals(wanted)) {
                LOG.info("{} virtualenv {} is up to date", executable, venv);
                return dbt;
            }
            LOG.info("Installing {} into {} from {} (first run only; takes a minute or two)", executable, venv, requirements);
            if (!Files.isExecutable(venv.resolve("bin").resolve("python"))) {
                run(List.of(python, "-m", "venv", venv.toString()));
            }
            run(List.of(venv.resolve("bin").resolve("pip").toString(), "install", "--disable-pip-version-check",
                    "--progress-bar", "off", "-r", requirements.toString()));
            Files.writeString(stamp, wanted);
            LOG.info("{} installed in {}", executable, venv);
            return dbt;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the dbt virtualenv at " + venv, e);
        }
    }

    private void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var lines = process.inputReader(StandardCharsets.UTF_8).lines()) {
            lines.forEach(line -> LOG.info("[pip] {}", line));
        }
        try {
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + code
                        + ": check that " + python + " (playlog.dbt.python) is Python 3.11+ with venv (duckdb 2.0 needs 3.11), and that"
                        + " PyPI is reachable");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while installing dbt", e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dbt requirements " + file + " (playlog.dbt.requirements)", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
