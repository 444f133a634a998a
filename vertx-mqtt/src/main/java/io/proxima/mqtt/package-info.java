/**
 * The MQTT transport (PROTOCOL.md §4) on the Vert.x MQTT 3.1.1 client. {@link
 * io.proxima.mqtt.MqttTransport} is an immutable builder in the style of reactor-netty: it
 * {@linkplain io.proxima.mqtt.MqttTransport#connect() connects} an {@link
 * io.proxima.mqtt.MqttGateway} (one broker connection serving any number of verifier and wallet
 * sessions, with automatic reconnect and resubscribe) and, as a {@link
 * io.proxima.transport.WalletTransport}, opens a dedicated connection per wallet session to the
 * broker an engagement names. Configuration is immutable data ({@link io.proxima.mqtt.MqttConfig},
 * {@link io.proxima.mqtt.MqttTls}, {@link io.proxima.mqtt.ReconnectPolicy}); failures are typed
 * ({@link io.proxima.mqtt.MqttConnectException} and its subclasses).
 */
@NullMarked
package io.proxima.mqtt;

import org.jspecify.annotations.NullMarked;
