package dev.playlog.lake;

/** A Kafka record the lake writer refused, with where it came from and why. */
public record DeadLetter(String topic, int partition, long offset, String key, String value, String reason) {
}
