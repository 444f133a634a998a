/**
 * The implementation of the MQTT transport: {@link io.proxima.mqtt.internal.BrokerConnection}
 * (one broker connection shared by any number of sessions: routing, resubscribe, reconnect with
 * backoff), {@link io.proxima.mqtt.internal.Link} (the lifetime of one Vert.x MQTT client, whose
 * futures and acknowledgements are bridged to Reactor with a timeout each), the in-flight window
 * of QoS 1 publishes, and the session classes that implement the transport SPI on top. Not API:
 * may change without notice.
 */
@NullMarked
package io.proxima.mqtt.internal;

import org.jspecify.annotations.NullMarked;
