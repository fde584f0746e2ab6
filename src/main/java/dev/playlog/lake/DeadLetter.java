package dev.playlog.lake;

/** A Kafka record the lake writer refused, with where it came from and why; {@code value} is its bytes, unchanged. */
public record DeadLetter(String topic, int partition, long offset, String key, byte[] value, String reason) {
}
