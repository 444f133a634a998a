/**
 * The engagement: what the verifier's QR code or deep link carries (PROTOCOL.md §1). An
 * {@link io.proxima.engagement.Engagement} holds the verifier's ephemeral public key and one
 * endpoint per offered transport ({@link io.proxima.engagement.MqttEndpoint},
 * {@link io.proxima.engagement.BleEndpoint}); it parses and builds
 * {@code openid4vp://connect?...} URIs with a configurable scheme and keeps unknown parameters.
 */
@NullMarked
package io.proxima.engagement;

import org.jspecify.annotations.NullMarked;
