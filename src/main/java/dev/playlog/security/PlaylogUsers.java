package dev.playlog.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The users {@link SecurityConfiguration} authenticates: {@code playlog.security.users} plus the lines of
 * {@code playlog.security.users-file}. Errors name the file and line but never echo a hash.
 */
final class PlaylogUsers {

    private PlaylogUsers() {
    }

    static List<UserDetails> load(SecurityProperties properties) {
        Map<String, SecurityProperties.User> byName = new LinkedHashMap<>();
        for (int i = 0; i < properties.users().size(); i++) {
            SecurityProperties.User user = properties.users().get(i);
            String key = SecurityProperties.PREFIX + ".users[" + i + "].password-hash";
            if (!user.passwordHash().strip().matches(PasswordHashes.ENCODED_PATTERN)) {
                throw new InvalidUsersException(key + " (user '" + user.name() + "') " + PasswordHashes.MESSAGE
                        + "; the value is not shown.");
            }
            add(byName, user, SecurityProperties.PREFIX + ".users");
        }
        if (properties.usersFile() != null && !properties.usersFile().isBlank()) {
            Path file = Path.of(properties.usersFile());
            for (SecurityProperties.User user : readFile(file)) {
                add(byName, user, file.toString());
            }
        }
        List<UserDetails> users = new ArrayList<>();
        for (SecurityProperties.User user : byName.values()) {
            users.add(User.withUsername(user.name())
                    .password(PasswordHashes.normalize(user.passwordHash().strip()))
                    .roles(user.roles().stream().map(r -> r.name().toUpperCase(Locale.ROOT)).toArray(String[]::new))
                    .build());
        }
        return users;
    }

    /** Lines {@code name:hash:role[,role]}; blank lines and lines starting with # are skipped. */
    static List<SecurityProperties.User> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidUsersException("Cannot read " + SecurityProperties.PREFIX + ".users-file " + file + ": " + e);
        }
        List<SecurityProperties.User> users = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = SecurityProperties.PREFIX + ".users-file " + file + " line " + (i + 1);
            String[] parts = line.split(":", -1);
            if (parts.length != 3) {
                throw new InvalidUsersException(where + ": expected name:password-hash:roles");
            }
            if (!parts[0].matches("[A-Za-z0-9._@-]{1,64}")) {
                throw new InvalidUsersException(where + ": the name must be 1-64 letters, digits, '.', '_', '@' or '-'");
            }
            if (!parts[1].matches(PasswordHashes.ENCODED_PATTERN)) {
                throw new InvalidUsersException(where + ": the second field " + PasswordHashes.MESSAGE);
            }
            Set<SecurityProperties.Role> roles = EnumSet.noneOf(SecurityProperties.Role.class);
            for (String role : parts[2].split(",")) {
                try {
                    roles.add(SecurityProperties.Role.valueOf(role.strip()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidUsersException(where + ": unknown role '" + role.strip() + "', expected one of "
                            + Arrays.toString(SecurityProperties.Role.values()));
                }
            }
            users.add(new SecurityProperties.User(parts[0], parts[1], roles));
        }
        return users;
    }

    private static void add(Map<String, SecurityProperties.User> byName, SecurityProperties.User user, String where) {
        if (byName.putIfAbsent(user.name(), user) != null) {
            throw new InvalidUsersException("User '" + user.name() + "' is defined twice (" + where + ")");
        }
    }
}
