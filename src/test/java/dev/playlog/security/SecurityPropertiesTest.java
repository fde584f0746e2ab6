package dev.playlog.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playlog.config.StartupFailures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class SecurityPropertiesTest {

    private static final String HASH = new BCryptPasswordEncoder(4).encode("correct horse");

    @EnableConfigurationProperties(SecurityProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @TempDir
    Path dir;

    @Test
    void bindsUsersFromConfigurationAndAUsersFile() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# comment\n\nops:{bcrypt}" + HASH + ":operator,viewer\n");
        runner.withPropertyValues("playlog.security.enabled=true", "playlog.security.users[0].name=ann",
                        "playlog.security.users[0].password-hash=" + HASH, "playlog.security.users[0].roles=viewer",
                        "playlog.security.users-file=" + file, "playlog.security.allowed-hosts=playlog.example.org",
                        "playlog.security.scrape-token=t0ken")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SecurityProperties properties = context.getBean(SecurityProperties.class);
                    assertThat(properties.users()).singleElement().satisfies(u -> {
                        assertThat(u.name()).isEqualTo("ann");
                        assertThat(u.roles()).containsExactly(SecurityProperties.Role.viewer);
                    });
                    List<UserDetails> users = PlaylogUsers.load(properties);
                    assertThat(users).extracting(UserDetails::getUsername).containsExactly("ann", "ops");
                    assertThat(users.get(1).getAuthorities()).extracting(Object::toString)
                            .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_VIEWER");
                    assertThat(users.get(0).getPassword()).isEqualTo("{bcrypt}" + HASH);
                    assertThat(PasswordHashes.encoder().matches("correct horse", users.get(0).getPassword())).isTrue();
                    assertThat(PasswordHashes.encoder().matches("wrong horse", users.get(0).getPassword())).isFalse();
                    assertThat(properties.toString()).doesNotContain(HASH).doesNotContain("t0ken");
                });
    }

    @Test
    void refusesAPlainPasswordNamingTheKeyWithoutEchoingIt() {
        for (String notAHash : new String[] {"hunter22", "{noop}hunter22", "$2a$10$short"}) {
            SecurityProperties properties = new SecurityProperties(true, List.of(
                    new SecurityProperties.User("ann", HASH, Set.of(SecurityProperties.Role.viewer)),
                    new SecurityProperties.User("bob", notAHash, Set.of(SecurityProperties.Role.viewer))), null, List.of(), null);
            assertThatThrownBy(() -> PlaylogUsers.load(properties)).isInstanceOfSatisfying(InvalidUsersException.class, e -> {
                FailureAnalysis analysis = StartupFailures.analyze(new IllegalStateException("bean creation", e));
                assertThat(analysis.getDescription()).startsWith("playlog.security.users[1].password-hash (user 'bob')"
                        + " must be a password hash such as {bcrypt}").doesNotContain(notAHash);
                assertThat(analysis.getAction()).contains("README.md, section Security");
            });
        }
    }

    @Test
    void refusesAnUnknownRoleAndAUserWithoutRoles() {
        runner.withPropertyValues("playlog.security.users[0].name=ann", "playlog.security.users[0].password-hash=" + HASH,
                        "playlog.security.users[0].roles=admin")
                .run(context -> assertThat(StartupFailures.analyze(context.getStartupFailure()).getDescription())
                        .contains("playlog.security.users[0].roles"));
        runner.withPropertyValues("playlog.security.users[0].name=ann", "playlog.security.users[0].password-hash=" + HASH)
                .run(context -> assertThat(StartupFailures.analyze(context.getStartupFailure()).getDescription())
                        .contains("roles").contains("must not be empty"));
    }

    @Test
    void aBadUsersFileLineIsNamedByLineNumberAndNeverEchoed() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "ops:{bcrypt}" + HASH + ":operator\nann:secret-password:viewer\n");
        assertThatThrownBy(() -> PlaylogUsers.readFile(file)).hasMessageContaining("line 2")
                .hasMessageContaining("must be a password hash").hasMessageNotContaining("secret-password");
        Files.writeString(file, "ops:{bcrypt}" + HASH + ":root\n");
        assertThatThrownBy(() -> PlaylogUsers.readFile(file)).hasMessageContaining("line 1")
                .hasMessageContaining("unknown role 'root'");
        Files.writeString(file, "ops\n");
        assertThatThrownBy(() -> PlaylogUsers.readFile(file)).hasMessageContaining("expected name:password-hash:roles");
    }

    @Test
    void aUserDefinedTwiceIsRefused() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "ann:" + HASH + ":operator\n");
        SecurityProperties properties = new SecurityProperties(true,
                List.of(new SecurityProperties.User("ann", HASH, Set.of(SecurityProperties.Role.viewer))), file.toString(),
                List.of(), null);
        assertThatThrownBy(() -> PlaylogUsers.load(properties)).hasMessageContaining("'ann' is defined twice");
    }

    @Test
    void aBlankScrapeTokenMeansNone() {
        assertThat(new SecurityProperties(false, List.of(), null, List.of(), " ").scrapeToken()).isNull();
    }
}
