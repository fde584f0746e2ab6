package dev.playlog.spotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class TokenCipherTest {

    @TempDir
    Path dir;

    private SpotifyProperties properties(String keyFile) {
        SpotifyProperties d = SpotifyPropertiesTest.defaults(dir, new SpotifyProperties.Import(null, 30_000, false, 1000, 10_000));
        return new SpotifyProperties(d.enabled(), d.accountsBaseUrl(), d.apiBaseUrl(), d.clientId(), d.clientSecret(),
                d.redirectUri(), d.pollInterval(), d.pollLookback(), d.pageLimit(), d.maxPages(), d.maxAccounts(),
                d.requestTimeout(), d.backoffInitial(), d.backoffMax(), d.refreshMargin(), d.stateDir(), keyFile,
                d.importDir(), d.importing());
    }

    /** Key bytes 0..31 and a value sealed outside Java (Python cryptography's AESGCM, nonce bytes 0..11, AAD "alice"). */
    private static final String KNOWN_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String KNOWN_SEALED = "AAECAwQFBgcICQoLBlOzY6SIsnfoE/Ltw4wLBde57FGealDk5FCOcCNuCvDxCdmb+g==";

    @Test
    void readsValuesSealedByAnyAesGcmImplementationWithTheDocumentedLayout() {
        TokenCipher cipher = new TokenCipher(new MockEnvironment().withProperty(TokenCipher.KEY_ENV, KNOWN_KEY), properties(null));
        // nonce (12 bytes), then ciphertext and 128-bit tag, base64; the account id is the associated data
        assertThat(cipher.decrypt("alice", KNOWN_SEALED)).isEqualTo("AQexampleRefreshToken");
        assertThatThrownBy(() -> cipher.decrypt("alicE", KNOWN_SEALED)).isInstanceOf(TokenCipher.TokenKeyException.class);
        byte[] sealed = Base64.getDecoder().decode(cipher.encrypt("alice", "AQexampleRefreshToken"));
        assertThat(sealed).hasSize(12 + "AQexampleRefreshToken".length() + 16);
    }

    @Test
    void roundTripsAndBindsTheValueToItsAccount() {
        TokenCipher cipher = new TokenCipher(new MockEnvironment().withProperty(TokenCipher.KEY_ENV,
                Base64.getEncoder().encodeToString(new byte[32])), properties(null));
        String sealed = cipher.encrypt("alice", "AQexampleRefreshToken");
        assertThat(sealed).doesNotContain("AQexample");
        assertThat(cipher.encrypt("alice", "AQexampleRefreshToken")).as("random nonce").isNotEqualTo(sealed);
        assertThat(cipher.decrypt("alice", sealed)).isEqualTo("AQexampleRefreshToken");
        assertThatThrownBy(() -> cipher.decrypt("bob", sealed)).isInstanceOf(TokenCipher.TokenKeyException.class)
                .hasMessageNotContaining("AQexample");
    }

    @Test
    void generatesAnOwnerOnlyKeyFileInTheLocalProfileAndReusesIt() throws Exception {
        TokenCipher first = new TokenCipher(new MockEnvironment(), properties(null));
        String sealed = first.encrypt("alice", "secret-token");
        Path key = dir.resolve("spotify").resolve(TokenCipher.GENERATED_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(new TokenCipher(new MockEnvironment(), properties(null)).decrypt("alice", sealed)).isEqualTo("secret-token");
    }

    @Test
    void refusesToStartWithoutAKeyOutsideTheLocalProfile() {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        assertThatThrownBy(() -> new TokenCipher(prod, properties(null)))
                .isInstanceOf(TokenCipher.TokenKeyException.class)
                .hasMessageStartingWith("No key to encrypt Spotify refresh tokens: set the environment variable PLAYLOG_TOKEN_KEY");
        assertThat(dir.resolve("spotify").resolve(TokenCipher.GENERATED_KEY_FILE)).doesNotExist();
    }

    @Test
    void readsTheKeyFromASecretsFileAndRejectsAWrongLength() throws Exception {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        Path file = Files.writeString(dir.resolve("key"), KNOWN_KEY + "\n");
        TokenCipher fromFile = new TokenCipher(prod, properties(file.toString()));
        assertThat(fromFile.decrypt("alice", KNOWN_SEALED)).as("the file's key is the one in use").isEqualTo("AQexampleRefreshToken");
        assertThat(fromFile.decrypt("a", fromFile.encrypt("a", "b"))).isEqualTo("b");
        Path shortKey = Files.writeString(dir.resolve("short"), Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> new TokenCipher(prod, properties(shortKey.toString())))
                .hasMessage("playlog.spotify.token-key-file " + shortKey + " must hold 32 bytes (base64), not 16");
    }
}
