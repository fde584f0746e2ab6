package dev.playlog.dbt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a command so that the process dies with this JVM, also when the JVM is killed with SIGKILL: a small Python
 * prelude asks Linux to send it SIGKILL when its parent dies ({@code prctl(PR_SET_PDEATHSIG)}, which Java cannot call),
 * checks the parent is still this JVM, moves into a session of its own, and then replaces itself with the command
 * ({@code execv} keeps the setting). Used for {@code dbt build}: a dbt that outlived the app held the DuckDB file and
 * blocked the next start. The own session keeps a terminal's Ctrl+C (sent to the app's process group) away from dbt,
 * which used to die with a Python traceback; the app's graceful shutdown lets the build finish instead.
 *
 * <p>Linux delivers the signal when the thread that started the child ends; {@link DbtRunner} starts dbt from the
 * thread that then waits for it, so that thread outlives the build. Elsewhere than Linux the prelude only execs.
 */
public final class ParentBoundCommand {

    /** Exit code of the prelude when the JVM was gone before the child could bind to it. */
    public static final int PARENT_GONE = 70;

    static final String PRELUDE = String.join("\n",
            "import os, signal, sys",
            "if sys.platform.startswith('linux'):",
            "    import ctypes",
            "    PR_SET_PDEATHSIG = 1",
            "    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:",
            "        sys.exit('prctl(PR_SET_PDEATHSIG) failed: errno %d' % ctypes.get_errno())",
            "if os.getppid() != int(sys.argv[1]):",
            "    sys.exit(" + PARENT_GONE + ")",
            "os.setsid()",
            "os.execv(sys.argv[2], sys.argv[2:])");

    private ParentBoundCommand() {
    }

    /**
     * {@code command} run through {@code python} with the prelude; the first element of {@code command} must be an
     * executable path (a script with a shebang, such as {@code .venv/bin/dbt}, is fine).
     */
    public static List<String> wrap(Path python, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(python.toString(), "-c", PRELUDE,
                Long.toString(ProcessHandle.current().pid())));
        wrapped.addAll(command);
        return wrapped;
    }
}
