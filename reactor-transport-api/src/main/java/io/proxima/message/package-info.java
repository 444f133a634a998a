/**
 * The message model of the OID4VP proximity protocol: the kinds of frames a verifier and a wallet
 * exchange ({@link io.proxima.message.FrameKind}), the immutable {@link io.proxima.message.Frame}
 * that carries one of them, the plaintext Identify message and its V1/V2 codec
 * ({@link io.proxima.message.Identify}, PROTOCOL.md §2.3) and the legacy MQTT envelope
 * ({@link io.proxima.message.LegacyEnvelope}, PROTOCOL.md §4).
 */
@NullMarked
package io.proxima.message;

import org.jspecify.annotations.NullMarked;
