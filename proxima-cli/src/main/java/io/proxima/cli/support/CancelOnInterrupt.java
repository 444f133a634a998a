package io.proxima.cli.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a cancel of the running session, so that the command
 * still prints its outcome (CANCELLED) and exits with {@link ExitCodes#CANCELLED} after the
 * session released its transports (MQTT: unsubscribed; BLE: Disconnect notified). A second signal
 * gets the JVM's default behaviour (immediate exit), for when cancelling takes too long.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported), the only way to handle a signal without
 * starting the JVM's shutdown; where it is missing the default behaviour stays.
 *
 * <pre>{@code
 * try (CancelOnInterrupt c = CancelOnInterrupt.install(session::dispose)) {
 *   outcome = session.result().block(deadline);
 * }
 * }</pre>
 */
public final class CancelOnInterrupt implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CancelOnInterrupt.class);
  private static final List<String> SIGNALS = List.of("INT", "TERM");

  private final List<Registration> previous = new ArrayList<>();
  private final AtomicBoolean fired = new AtomicBoolean();

  private record Registration(Signal signal, SignalHandler handler) {}

  private CancelOnInterrupt() {}

  /** Runs {@code cancel} (once, on the JVM's signal thread) when SIGINT or SIGTERM arrives, until closed. */
  public static CancelOnInterrupt install(Runnable cancel) {
    Objects.requireNonNull(cancel, "cancel");
    CancelOnInterrupt installed = new CancelOnInterrupt();
    for (String name : SIGNALS) {
      try {
        Signal signal = new Signal(name);
        SignalHandler before = Signal.handle(signal, s -> installed.onSignal(s, cancel));
        installed.previous.add(new Registration(signal, before));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        log.debug("cannot handle SIG{}: {}", name, e.toString());
      }
    }
    return installed;
  }

  /** Whether a signal arrived. */
  public boolean fired() {
    return fired.get();
  }

  private void onSignal(Signal signal, Runnable cancel) {
    if (fired.compareAndSet(false, true)) {
      log.debug("SIG{}: cancelling the session", signal.getName());
      cancel.run();
      return;
    }
    // The second signal: restore the default handling and deliver it again.
    restore();
    Signal.raise(signal);
  }

  private synchronized void restore() {
    for (Registration r : previous) {
      try {
        Signal.handle(r.signal(), r.handler());
      } catch (IllegalArgumentException e) {
        log.debug("cannot restore the handler of SIG{}: {}", r.signal().getName(), e.toString());
      }
    }
    previous.clear();
  }

  @Override
  public void close() {
    restore();
  }
}
