/**
 * Per-frame cost: frames bounced over the established channel of one accepted MQTT session
 * ({@link io.proxima.bench.frame.ChannelRelay}) against raw Vert.x publishes through the same broker
 * ({@link io.proxima.bench.frame.RawRelay}), in {@link io.proxima.bench.frame.FrameBenchmark}.
 */
@NullMarked
package io.proxima.bench.frame;

import org.jspecify.annotations.NullMarked;
