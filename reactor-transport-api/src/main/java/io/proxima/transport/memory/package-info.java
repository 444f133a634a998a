/**
 * An in-memory transport: verifier and wallet in one JVM, connected through an
 * {@link io.proxima.transport.memory.InMemoryHub} that behaves like an MQTT broker (any number of
 * wallets on a topic, fan-out, no peer binding) or like BLE radio (one bound central), and that
 * can inject loss, delay, duplication, reordering, interruptions and disconnects
 * ({@link io.proxima.transport.memory.Faults}). For tests, demos and embedding without a broker.
 */
@NullMarked
package io.proxima.transport.memory;

import org.jspecify.annotations.NullMarked;
