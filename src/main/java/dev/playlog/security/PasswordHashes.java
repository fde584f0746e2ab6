package dev.playlog.security;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The password hash formats Playlog accepts, and the encoder that checks them. */
final class PasswordHashes {

    /** Spring Security's encoded forms of slow hashes, or a bare bcrypt hash; never {@code {noop}} plain text. */
    static final String ENCODED_PATTERN =
            "(\\{bcrypt})?\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}|\\{(argon2@SpringSecurity_v5_8|pbkdf2@SpringSecurity_v5_8|scrypt@SpringSecurity_v5_8|argon2|pbkdf2|scrypt)}\\S+";
    static final String MESSAGE = "must be a password hash such as {bcrypt}$2a$10$... (see README, Security), never the password";

    private PasswordHashes() {
    }

    /** Bare bcrypt hashes get the {@code {bcrypt}} prefix the delegating encoder dispatches on. */
    static String normalize(String hash) {
        return hash.startsWith("$2") ? "{bcrypt}" + hash : hash;
    }

    static PasswordEncoder encoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
