package dev.playlog.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A child started through {@link ParentBoundCommand} dies when its JVM is killed with SIGKILL; a plain one does not. */
class ParentBoundCommandIT {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aBoundChildDiesWithItsKilledJvmWhileAPlainOneOutlivesIt() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assertThat(python).isExecutable();
        try (ChildJvm app = ChildJvm.start(ParentBoundChildrenMain.class, List.of("-Xmx64m"), List.of(python.toString()),
                tmp.resolve("app.log"))) {
            Pattern pids = Pattern.compile("BOUND (\\d+) PLAIN (\\d+)");
            await().atMost(Duration.ofSeconds(60)).until(() -> pids.matcher(app.output()).find());
            Matcher m = pids.matcher(app.output());
            assertThat(m.find()).isTrue();
            ProcessHandle bound = ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow();
            ProcessHandle plain = ProcessHandle.of(Long.parseLong(m.group(2))).orElseThrow();
            // the bound child has become the sleeper itself (exec), not a wrapper around it
            await().atMost(Duration.ofSeconds(30)).until(() -> bound.info().arguments()
                    .map(a -> List.of(a).contains("import time; time.sleep(600)")).orElse(false));

            app.kill();

            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !bound.isAlive());
                assertThat(plain.isAlive()).as("the unbound child outlives the JVM (what dbt did)").isTrue();
            } finally {
                plain.destroyForcibly();
            }
        }
    }

    @Test
    void theCommandRunsWithItsArgumentsAndExitCode() throws Exception {
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(ParentBoundCommand.wrap(Path.of("/usr/bin/python3"), List.of("/usr/bin/python3",
                "-c", "import sys; open(sys.argv[1], 'w').write(sys.argv[2]); sys.exit(3)", out.toString(), "a b")))
                .inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(Files.readString(out)).isEqualTo("a b");
        assertThat(Optional.of(p.pid())).isPresent();
    }

    @Test
    void theCommandRunsInASessionOfItsOwnSoATerminalsCtrlCDoesNotReachIt() throws Exception {
        Process p = new ProcessBuilder(ParentBoundCommand.wrap(Path.of("/usr/bin/python3"),
                List.of("/bin/sleep", "30"))).start();
        try {
            // /proc/<pid>/stat: field 5 is the process group, field 6 the session (after the "(comm)" field)
            long ourSession = session(ProcessHandle.current().pid());
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(Path.of("/proc/" + p.pid() + "/stat"))
                    .contains("(sleep)"));
            assertThat(session(p.pid())).isEqualTo(p.pid()).isNotEqualTo(ourSession);
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long session(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }
}
