package io.proxima.mqtt;

/**
 * Counters of one broker connection since it was created, for monitoring and tests.
 *
 * @param connects successful connections (the first one and every reconnect)
 * @param connectionLosses connections lost (broker gone, keep-alive timeout, undecodable input)
 * @param messagesReceived PUBLISH messages received
 * @param messagesUnroutable received messages no live session wanted (an ended session, a
 *     foreign topic id under the wildcard strategy): dropped
 * @param oversizeDropped received messages larger than {@link MqttConfig#maxMessageSize()}: dropped
 * @param framesPublished frames published (and acknowledged at QoS 1)
 * @param sessions live sessions (listeners, verifier and wallet connections)
 * @param subscriptions topic filters currently subscribed at the broker
 */
public record MqttStats(
    long connects,
    long connectionLosses,
    long messagesReceived,
    long messagesUnroutable,
    long oversizeDropped,
    long framesPublished,
    int sessions,
    int subscriptions) {}
