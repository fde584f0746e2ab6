package dev.playlog.event;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

/**
 * Turns events into Kafka-ready messages (validated JSON body as UTF-8 bytes, key = {@code user_id} so one listener's
 * events stay ordered on one partition). The Kafka producer sends a list of messages as one batch; routes that use
 * this bean set {@code valueSerializer: org.apache.kafka.common.serialization.ByteArraySerializer}.
 */
@Component(ListenEventMessages.BEAN)
public class ListenEventMessages {

    public static final String BEAN = "listenEventMessages";

    private final ListenEventCodec codec;
    private final CamelContext camelContext;

    public ListenEventMessages(ListenEventCodec codec, CamelContext camelContext) {
        this.codec = codec;
        this.camelContext = camelContext;
    }

    public List<Message> toMessages(List<ListenEvent> events) {
        List<Message> messages = new ArrayList<>(events.size());
        for (ListenEvent event : events) {
            DefaultMessage message = new DefaultMessage(camelContext);
            message.setBody(codec.encodeBytes(event));
            message.setHeader(KafkaConstants.KEY, event.userId());
            messages.add(message);
        }
        return messages;
    }
}
