package dev.playlog.spotify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Durable state of the connected Spotify accounts: one JSON file ({@code <state-dir>/accounts.json}, mode 600,
 * replaced atomically on every change) holding encrypted refresh tokens, poll cursors and statuses, so a restart
 * resumes where the last acknowledged poll stopped. Used by sign-in, the poller and the /spotify page.
 */
@Component
public class SpotifyAccountStore {

    static final String FILE = "accounts.json";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, SpotifyAccount> accounts = new LinkedHashMap<>();

    @Autowired
    public SpotifyAccountStore(SpotifyProperties properties) {
        this(Path.of(properties.stateDir()));
    }

    SpotifyAccountStore(Path stateDir) {
        this.file = stateDir.resolve(FILE);
        if (Files.exists(file)) {
            try {
                List<SpotifyAccount> loaded = json.readValue(file.toFile(), new TypeReference<List<SpotifyAccount>>() { });
                loaded.forEach(a -> accounts.put(a.id, a));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the Spotify accounts file " + file
                        + " (fix or remove it and sign in again)", e);
            }
        }
    }

    /** Copies of every account, in the order they were connected. */
    public synchronized List<SpotifyAccount> list() {
        return accounts.values().stream().map(SpotifyAccount::copy).toList();
    }

    public synchronized Optional<SpotifyAccount> get(String id) {
        return Optional.ofNullable(accounts.get(id)).map(SpotifyAccount::copy);
    }

    public synchronized int size() {
        return accounts.size();
    }

    /** Adds the account or replaces its sign-in; returns false when it is new and {@code max} accounts exist. */
    public synchronized boolean connect(String id, String displayName, String encryptedRefreshToken,
            Instant now, int max) {
        SpotifyAccount account = accounts.get(id);
        if (account == null) {
            if (accounts.size() >= max) {
                return false;
            }
            account = new SpotifyAccount();
            account.id = id;
        }
        SpotifyAccount updated = account.copy();
        updated.displayName = displayName;
        updated.encryptedRefreshToken = encryptedRefreshToken;
        updated.connectedAt = now;
        updated.signInAgainReason = null;
        updated.lastError = null;
        updated.consecutiveFailures = 0;
        updated.backoffUntil = null;
        put(updated);
        return true;
    }

    /** Applies a change to one account and writes the file before returning. */
    public synchronized void update(String id, Consumer<SpotifyAccount> change) {
        SpotifyAccount account = accounts.get(id);
        if (account == null) {
            throw new IllegalArgumentException("No Spotify account " + id);
        }
        SpotifyAccount updated = account.copy();
        change.accept(updated);
        put(updated);
    }

    public synchronized void remove(String id) {
        Map<String, SpotifyAccount> before = new LinkedHashMap<>(accounts);
        accounts.remove(id);
        try {
            write();
        } catch (RuntimeException e) {
            accounts.clear();
            accounts.putAll(before);
            throw e;
        }
    }

    private void put(SpotifyAccount updated) {
        SpotifyAccount previous = accounts.put(updated.id, updated);
        try {
            write();
        } catch (RuntimeException e) {
            // keep memory and disk in agreement: a change that is not durable did not happen
            if (previous == null) {
                accounts.remove(updated.id);
            } else {
                accounts.put(previous.id, previous);
            }
            throw e;
        }
    }

    private void write() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp", OWNER_ONLY_ATTRIBUTE);
            try {
                json.writeValue(tmp.toFile(), new ArrayList<>(accounts.values()));
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Spotify accounts file " + file, e);
        }
    }

    Path file() {
        return file;
    }
}
