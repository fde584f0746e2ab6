package dev.playlog.spotify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpotifyAccountStoreTest {

    @TempDir
    Path dir;

    @Test
    void persistsAccountsOwnerOnlyAndReloadsThem() throws Exception {
        SpotifyAccountStore store = new SpotifyAccountStore(dir);
        Instant now = Instant.parse("2026-09-20T18:00:00Z");
        assertThat(store.connect("alice", "Alice", "sealed-token", now, 5)).isTrue();
        store.update("alice", a -> {
            a.cursorMs = 1789927451512L;
            a.recentIds.put("abc", 1789927451512L);
            a.rateLimitedUntil = now.plusSeconds(3600);
        });
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        SpotifyAccount reloaded = new SpotifyAccountStore(dir).get("alice").orElseThrow();
        assertThat(reloaded.cursorMs).isEqualTo(1789927451512L);
        assertThat(reloaded.recentIds).containsEntry("abc", 1789927451512L);
        assertThat(reloaded.rateLimitedUntil).isEqualTo(now.plusSeconds(3600));
        assertThat(reloaded.encryptedRefreshToken).isEqualTo("sealed-token");
        assertThat(reloaded.toString()).doesNotContain("sealed-token");
    }

    @Test
    void refusesANewAccountBeyondTheLimitButAcceptsASignInAgain() {
        SpotifyAccountStore store = new SpotifyAccountStore(dir);
        Instant now = Instant.now();
        for (int i = 0; i < 5; i++) {
            assertThat(store.connect("u" + i, "U", "t", now, 5)).isTrue();
        }
        assertThat(store.connect("u5", "U", "t", now, 5)).isFalse();
        store.update("u0", a -> a.signInAgainReason = "revoked");
        assertThat(store.connect("u0", "U", "t2", now, 5)).isTrue();
        assertThat(store.get("u0").orElseThrow().signInAgainReason).isNull();
        assertThat(store.size()).isEqualTo(5);
    }
}
