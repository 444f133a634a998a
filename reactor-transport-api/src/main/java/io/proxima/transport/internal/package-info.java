/**
 * Building blocks shared by Proxima's transports (in-memory, MQTT, BLE): the bounded inbound
 * buffer, state tracking and close-once logic of a {@link io.proxima.transport.FrameConnection}
 * and a {@link io.proxima.transport.SessionListener}. Not API: may change without notice.
 */
@NullMarked
package io.proxima.transport.internal;

import org.jspecify.annotations.NullMarked;
