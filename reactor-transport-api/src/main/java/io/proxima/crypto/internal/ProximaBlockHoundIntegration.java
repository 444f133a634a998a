package io.proxima.crypto.internal;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound, when an application installs it, about the one blocking call Proxima makes on
 * purpose: seeding the DRBG from the operating system, once per JVM, in {@link Randomness}.
 *
 * <p>It also allows the short lock waits inside the JDK's delayed-work queue, which every Reactor
 * timer uses. Reactor allows only {@code offer} and {@code take}; cancelling a timer from an event
 * loop (a heartbeat {@code Flux.interval} ending with its stream, a timeout whose operation
 * finished) removes its task under the same lock and may wait a few microseconds for it.
 * BlockHound then throws from inside the lock's acquisition, which leaves the queue's lock with a
 * dead waiter: that Reactor worker never runs a timer again, and everything scheduled on it hangs
 * (seen in the gateway tests). These waits are not blocking I/O.
 *
 * <p>Loaded through {@link java.util.ServiceLoader}; BlockHound is an optional dependency.
 */
public final class ProximaBlockHoundIntegration implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside(Randomness.class.getName(), "create");
    for (String method : DELAYED_WORK_QUEUE_LOCKING) {
      builder.allowBlockingCallsInside(DELAYED_WORK_QUEUE, method);
    }
  }

  private static final String DELAYED_WORK_QUEUE = "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue";

  /** The queue's methods that take its lock (offer and take are Reactor's own allowances). */
  private static final String[] DELAYED_WORK_QUEUE_LOCKING = {
    "remove", "poll", "peek", "size", "contains", "clear", "drainTo", "toArray", "iterator"
  };
}
