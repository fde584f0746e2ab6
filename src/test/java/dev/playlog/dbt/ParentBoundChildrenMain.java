package dev.playlog.dbt;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts two long-running Python children, one through {@link ParentBoundCommand} and one plainly, prints their PIDs
 * and waits until killed; {@link ParentBoundCommandIT} kills this JVM with SIGKILL.
 */
public final class ParentBoundChildrenMain {

    private ParentBoundChildrenMain() {
    }

    /** Argument: the Python interpreter. */
    public static void main(String[] args) throws Exception {
        Path python = Path.of(args[0]);
        List<String> sleeper = List.of(python.toString(), "-c", "import time; time.sleep(600)");
        Process bound = new ProcessBuilder(ParentBoundCommand.wrap(python, sleeper)).inheritIO().start();
        Process plain = new ProcessBuilder(sleeper).inheritIO().start();
        System.out.println("BOUND " + bound.pid() + " PLAIN " + plain.pid());
        System.out.flush();
        bound.waitFor();
    }
}
