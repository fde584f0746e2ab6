package dev.playlog.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The raw producer ceiling of the broker: Kafka's own {@code ProducerPerformance} (kafka-producer-perf-test.sh), run
 * in this JVM against the same broker, on a fresh topic with as many partitions, with the producer settings of the
 * simulator-produce route and Playlog's own records as payloads (a file of encoded events: same sizes, and the same
 * compressibility when the route compresses).
 */
final class KafkaCeiling {

    /** The tool's closing line, e.g. {@code 500000 records sent, 81234.5 records/sec (55.12 MB/sec), 12.3 ms avg
     * latency, 250.0 ms max latency, 5 ms 50th, 30 ms 95th, ...}. */
    private static final Pattern TOTAL = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), "
            + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th");

    record Result(long records, double recordsPerSecond, double megabytesPerSecond, double avgLatencyMs, long p50LatencyMs,
            long p95LatencyMs, Map<String, String> producerSettings) {
        /** The producer properties as {@code key=value} text for the table. */
        String settings() {
            return producerSettings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
        }
    }

    private KafkaCeiling() {
    }

    static synchronized Result run(Admin admin, String bootstrapServers, String topic, int partitions, long records,
            Path payloadFile, Map<String, String> producerSettings) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Long.toString(records),
                "--payload-file", payloadFile.toString(), "--payload-delimiter", "\n", "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrapServers));
        producerSettings.forEach((key, value) -> args.add(key + "=" + value));
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // the tool ends the JVM on a bad argument: turn that into an exception
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("ProducerPerformance exited with " + code + ": " + message);
        });
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            ProducerPerformance.main(args.toArray(String[]::new));
        } finally {
            System.setOut(console);
            Exit.resetExitProcedure();
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        Matcher m = TOTAL.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("No total line in ProducerPerformance's output:\n" + output);
        }
        return new Result(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)), Long.parseLong(m.group(6)), Long.parseLong(m.group(7)),
                producerSettings);
    }
}
