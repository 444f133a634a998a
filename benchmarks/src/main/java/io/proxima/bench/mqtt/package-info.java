/**
 * Raw MQTT baselines: a session's three legs through a broker on loopback with the Vert.x, HiveMQ
 * and Paho clients ({@link io.proxima.bench.mqtt.RawMqttBenchmark}). MQTT session benchmarks
 * compare against {@code RawMqttBenchmark.threeLegs} with {@code client=vertx} on the same broker.
 */
@NullMarked
package io.proxima.bench.mqtt;

import org.jspecify.annotations.NullMarked;
