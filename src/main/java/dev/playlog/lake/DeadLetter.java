package dev.playlog.lake;

import org.apache.kafka.common.header.Header;

/**
 * A Kafka record the lake writer refused, with where it came from and why. {@code key}, {@code value} and
 * {@code headers} are the record's own, unchanged: {@code null} key or value (a tombstone) stays {@code null}.
 */
public record DeadLetter(String topic, int partition, long offset, byte[] key, byte[] value, Header[] headers,
        String reason) {

    /** {@code topic-partition@offset}, for logs and messages. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }
}
