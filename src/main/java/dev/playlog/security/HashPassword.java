package dev.playlog.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Prints the bcrypt hash of a password for {@code playlog.security.users[*].password-hash} or the users file. Reads
 * the password from the console without echo, or from standard input when piped; never takes it as an argument, so it
 * stays out of the shell history and the process list.
 */
public final class HashPassword {

    private HashPassword() {
    }

    public static void main(String[] args) throws IOException {
        String password;
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (typed == null || again == null || !new String(typed).equals(new String(again))) {
                System.err.println("The two passwords differ; nothing printed.");
                System.exit(1);
            }
            password = new String(typed);
        } else {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.length() < 8) {
            System.err.println("Give a password of at least 8 characters on standard input; nothing printed.");
            System.exit(1);
        }
        System.out.println("{bcrypt}" + new BCryptPasswordEncoder().encode(password));
    }
}
