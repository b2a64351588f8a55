package cn.hotline.call.messaging;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What the tenant's message channel carries between instances. */
sealed interface MessageEvent {

    /**
     * A message was sent.
     *
     * @param origin the socket (or request) it came from, which has already answered it and so skips the push
     */
    record Sent(InternalMessage message, String origin) implements MessageEvent {}

    /** {@code reader} read the messages {@code ids}, sent by {@code senders}. */
    record Read(String reader, List<UUID> ids, Set<String> senders) implements MessageEvent {
        public Read {
            ids = List.copyOf(ids);
            senders = Set.copyOf(senders);
        }
    }
}
