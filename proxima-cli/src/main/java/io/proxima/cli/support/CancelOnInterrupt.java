package io.proxima.cli.support;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * starting the JVM's shutdown; where it is missing the default behaviour stays. The handlers are
 * process-wide: while any registration is open they cancel every open registration, and the
 * JVM's own handlers are back when the last one is closed.
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

  /** Guarded by the class: the open registrations and the JVM's handlers they replaced. */
  private static final Set<CancelOnInterrupt> OPEN = new LinkedHashSet<>();
  private static final Map<Signal, SignalHandler> ORIGINAL = new LinkedHashMap<>();
  private static boolean signalled;

  private final Runnable cancel;
  private volatile boolean fired;

  private CancelOnInterrupt(Runnable cancel) {
    this.cancel = cancel;
  }

  /** Runs {@code cancel} (once, on the JVM's signal thread) when SIGINT or SIGTERM arrives, until closed. */
  public static CancelOnInterrupt install(Runnable cancel) {
    CancelOnInterrupt registration = new CancelOnInterrupt(Objects.requireNonNull(cancel, "cancel"));
    synchronized (CancelOnInterrupt.class) {
      if (OPEN.isEmpty()) {
        signalled = false;
        for (String name : SIGNALS) {
          try {
            Signal signal = new Signal(name);
            ORIGINAL.put(signal, Signal.handle(signal, CancelOnInterrupt::onSignal));
          } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.debug("cannot handle SIG{}: {}", name, e.toString());
          }
        }
      }
      OPEN.add(registration);
    }
    return registration;
  }

  /** Whether a signal cancelled this registration. */
  public boolean fired() {
    return fired;
  }

  private static void onSignal(Signal signal) {
    List<CancelOnInterrupt> toCancel;
    synchronized (CancelOnInterrupt.class) {
      if (signalled) {
        // The second signal: the JVM's default handling, now.
        restoreOriginal();
        Signal.raise(signal);
        return;
      }
      signalled = true;
      toCancel = List.copyOf(OPEN);
    }
    log.debug("SIG{}: cancelling {} session(s)", signal.getName(), toCancel.size());
    for (CancelOnInterrupt r : toCancel) {
      r.fired = true;
      r.cancel.run();
    }
  }

  private static void restoreOriginal() {
    ORIGINAL.forEach((signal, handler) -> {
      try {
        Signal.handle(signal, handler);
      } catch (IllegalArgumentException e) {
        log.debug("cannot restore the handler of SIG{}: {}", signal.getName(), e.toString());
      }
    });
    ORIGINAL.clear();
  }

  @Override
  public void close() {
    synchronized (CancelOnInterrupt.class) {
      if (OPEN.remove(this) && OPEN.isEmpty()) {
        restoreOriginal();
      }
    }
  }
}
