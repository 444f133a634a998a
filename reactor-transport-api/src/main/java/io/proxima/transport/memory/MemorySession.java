package io.proxima.transport.memory;

import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One session on a hub: the verifier's listener, then its connection, and the wallets. Routes
 * frames like an MQTT broker (fan-out, no binding) or like BLE (only the bound wallet).
 */
final class MemorySession {

  private final InMemoryHub hub;
  private final SessionId id;
  private final TransportType type;
  private final EngagementEndpoint endpoint;
  private final String endpointKey;
  private final List<MemoryWalletConnection> wallets = new CopyOnWriteArrayList<>();
  private final AtomicInteger framesCrossed = new AtomicInteger();
  private final List<Runnable> pending = new ArrayList<>();
  private @Nullable MemoryListener listener;
  private volatile @Nullable MemoryVerifierConnection verifier;
  private volatile @Nullable MemoryWalletConnection bound;
  private boolean interrupted;
  private volatile boolean ended;

  MemorySession(InMemoryHub hub, SessionId id, TransportType type, EngagementEndpoint endpoint, String endpointKey) {
    this.hub = hub;
    this.id = id;
    this.type = type;
    this.endpoint = endpoint;
    this.endpointKey = endpointKey;
  }

  SessionId id() {
    return id;
  }

  TransportType type() {
    return type;
  }

  EngagementEndpoint endpoint() {
    return endpoint;
  }

  String endpointKey() {
    return endpointKey;
  }

  List<MemoryWalletConnection> wallets() {
    return wallets;
  }

  boolean isBle() {
    return type == TransportType.BLE;
  }

  void attach(MemoryListener listener) {
    this.listener = listener;
  }

  boolean addWallet(MemoryWalletConnection wallet) {
    if (ended) {
      return false;
    }
    wallets.add(wallet);
    return true;
  }

  void bind(MemoryVerifierConnection connection, MemoryWalletConnection wallet) {
    this.verifier = connection;
    this.bound = wallet;
    if (isBle()) {
      // A GATT server serving one wallet drops the other centrals.
      for (MemoryWalletConnection other : wallets) {
        if (other != wallet) {
          other.linkLost("verifier is serving another wallet");
        }
      }
    }
  }

  // ---- frames

  void fromWallet(MemoryWalletConnection wallet, Frame frame) {
    Frame onWire = isBle() && frame.kind() == FrameKind.REJECTION ? Frame.empty(FrameKind.REJECTION) : frame;
    wallet.link().transmit(onWire, () -> arrive(wallet.link().faults(), () -> deliverToVerifier(wallet, onWire)), () -> {});
  }

  void fromVerifier(MemoryVerifierConnection connection, Frame frame) {
    for (MemoryWalletConnection wallet : targets()) {
      connection.link().transmit(
          frame,
          () -> arrive(connection.link().faults(), () -> deliverToWallet(wallet, frame)),
          frame.kind() == FrameKind.DISCONNECT ? () -> wallet.linkLost("verifier went away") : () -> {});
    }
  }

  private List<MemoryWalletConnection> targets() {
    MemoryWalletConnection b = bound;
    if (isBle()) {
      return b == null ? List.of() : List.of(b);
    }
    return wallets;
  }

  private void deliverToVerifier(MemoryWalletConnection wallet, Frame frame) {
    if (frame.kind() == FrameKind.IDENTIFY) {
      MemoryListener l = listener;
      if (l != null) {
        l.identify(frame, wallet);
      }
      return;
    }
    MemoryVerifierConnection v = verifier;
    if (v != null && (!isBle() || bound == wallet)) {
      v.arrived(frame);
    }
  }

  private void deliverToWallet(MemoryWalletConnection wallet, Frame frame) {
    wallet.arrived(frame);
  }

  /** Every arrival passes here: held while interrupted, counted for disconnect-after-N. */
  private void arrive(Faults senderFaults, Runnable delivery) {
    synchronized (pending) {
      if (interrupted) {
        pending.add(delivery);
        return;
      }
    }
    delivery.run();
    int limit = senderFaults.disconnectAfterFrames();
    if (limit >= 0 && framesCrossed.incrementAndGet() == limit) {
      cut();
    }
  }

  // ---- lifecycle

  void walletClosed(MemoryWalletConnection wallet) {
    wallets.remove(wallet);
    MemoryVerifierConnection v = verifier;
    if (isBle() && bound == wallet && v != null) {
      wallet.link().control(() -> v.linkLost("wallet disconnected"));
    }
  }

  /** The verifier stopped listening or closed its connection. */
  void verifierClosed() {
    ended = true;
    hub.unregister(this);
    if (isBle()) {
      MemoryWalletConnection b = bound;
      for (MemoryWalletConnection wallet : wallets) {
        if (wallet != b) {
          wallet.linkLost("verifier stopped advertising");
        }
      }
    }
  }

  void cut() {
    ended = true;
    hub.unregister(this);
    TransportClosedException cause = new TransportClosedException("in-memory link was cut", id, null);
    MemoryListener l = listener;
    if (l != null) {
      l.failed(cause);
    }
    MemoryVerifierConnection v = verifier;
    if (v != null) {
      v.failed(cause);
    }
    for (MemoryWalletConnection wallet : wallets) {
      wallet.failed(cause);
    }
  }

  void interrupt() {
    synchronized (pending) {
      interrupted = true;
    }
    MemoryVerifierConnection v = verifier;
    if (v != null) {
      v.setInterrupted(true);
    }
    wallets.forEach(w -> w.setInterrupted(true));
  }

  void resume() {
    List<Runnable> held;
    synchronized (pending) {
      interrupted = false;
      held = new ArrayList<>(pending);
      pending.clear();
    }
    MemoryVerifierConnection v = verifier;
    if (v != null) {
      v.setInterrupted(false);
    }
    wallets.forEach(w -> w.setInterrupted(false));
    held.forEach(Runnable::run);
  }
}
