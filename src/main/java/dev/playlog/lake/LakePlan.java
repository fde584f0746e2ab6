package dev.playlog.lake;

import java.util.List;
import java.util.Map;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * What one Kafka batch becomes: objects to upload, dead letters to send, and, once both are durable,
 * the offsets to commit (the last record of each partition in the batch).
 *
 * @param lastOffsets partition label ({@code topic-partition}) to the last offset of the batch, for the log line
 */
public record LakePlan(
        List<LakeObject> objects,
        List<DeadLetter> deadLetters,
        List<KafkaManualCommit> commits,
        Map<String, Long> lastOffsets,
        int records) {

    public int validRecords() {
        return records - deadLetters.size();
    }
}
