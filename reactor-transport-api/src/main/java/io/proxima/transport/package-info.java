/**
 * The transport SPI, shaped like reactor-netty's. A verifier {@linkplain
 * io.proxima.transport.VerifierTransport#listen listens} for one session and receives Identify
 * attempts on a {@link io.proxima.transport.SessionListener}; accepting one yields a
 * {@link io.proxima.transport.FrameConnection}. A wallet {@linkplain
 * io.proxima.transport.WalletTransport#connect connects} with an engagement and gets the same
 * kind of connection. MQTT topics and BLE characteristics are two implementations of these
 * interfaces; session code cannot tell which it has, except through
 * {@link io.proxima.transport.TransportCapabilities}.
 */
@NullMarked
package io.proxima.transport;

import org.jspecify.annotations.NullMarked;
