package dev.playlog.spotify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Encrypts refresh tokens at rest with AES-256-GCM (random 96-bit nonce per value, the account id as associated data,
 * so a value copied to another account does not decrypt). The key comes from the {@code PLAYLOG_TOKEN_KEY}
 * environment variable or the secrets file {@code playlog.spotify.token-key-file} (base64 of 32 bytes); only in the
 * local default profile (no active profile, or {@code local}/{@code embedded}) is a key file generated under the state
 * folder, owner read/write only. Elsewhere a missing key stops start-up when Spotify is configured.
 */
@Component
public class TokenCipher {

    public static final String KEY_ENV = "PLAYLOG_TOKEN_KEY";
    static final String GENERATED_KEY_FILE = "token.key";
    private static final Set<String> LOCAL_PROFILES = Set.of("default", "local", "embedded");
    private static final Logger LOG = LoggerFactory.getLogger(TokenCipher.class);
    private static final int NONCE_BYTES = 12;

    private final SecureRandom random = new SecureRandom();
    private final Environment environment;
    private final SpotifyProperties properties;
    private SecretKey key;

    public TokenCipher(Environment environment, SpotifyProperties properties) {
        this.environment = environment;
        this.properties = properties;
        if ((properties.enabled() || properties.signInConfigured()) && !isLocalProfile()) {
            key();
        }
    }

    public String encrypt(String accountId, String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a refresh token (" + e.getClass().getSimpleName() + ")");
        }
    }

    public String decrypt(String accountId, String encrypted) {
        try {
            byte[] in = Base64.getDecoder().decode(encrypted);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, in, 0, NONCE_BYTES));
            cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TokenKeyException("The refresh token of account " + accountId
                    + " cannot be decrypted with the current key (was " + KEY_ENV + " changed?): sign in again");
        }
    }

    synchronized SecretKey key() {
        if (key == null) {
            key = new SecretKeySpec(resolve(), "AES");
        }
        return key;
    }

    private byte[] resolve() {
        String fromEnv = environment.getProperty(KEY_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return decode(fromEnv, KEY_ENV);
        }
        if (properties.tokenKeyFile() != null && !properties.tokenKeyFile().isBlank()) {
            Path file = Path.of(properties.tokenKeyFile());
            try {
                return decode(Files.readString(file), "playlog.spotify.token-key-file " + file);
            } catch (IOException e) {
                throw new TokenKeyException("playlog.spotify.token-key-file " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (!isLocalProfile()) {
            throw new TokenKeyException("No key to encrypt Spotify refresh tokens: set the environment variable "
                    + KEY_ENV + " or playlog.spotify.token-key-file to a base64-encoded 32-byte key "
                    + "(e.g. `openssl rand -base64 32`); a key is generated only in the local default profile");
        }
        return generatedKey(Path.of(properties.stateDir()).resolve(GENERATED_KEY_FILE));
    }

    private byte[] generatedKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
                    LOG.info("Generated the refresh-token key {} (local profile only; set {} elsewhere)", file, KEY_ENV);
                    return fresh;
                } catch (FileAlreadyExistsException raced) {
                    // another instance won; read its key
                }
            }
            return decode(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the refresh-token key " + file, e);
        }
    }

    private static byte[] decode(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new TokenKeyException(where + " is not base64");
        }
        if (bytes.length != 32) {
            throw new TokenKeyException(where + " must hold 32 bytes (base64), not " + bytes.length);
        }
        return bytes;
    }

    boolean isLocalProfile() {
        return Arrays.stream(environment.getActiveProfiles()).allMatch(LOCAL_PROFILES::contains);
    }

    /** No usable key: its message says which setting to fix and never contains key material. */
    public static class TokenKeyException extends RuntimeException {
        public TokenKeyException(String message) {
            super(message);
        }
    }
}
