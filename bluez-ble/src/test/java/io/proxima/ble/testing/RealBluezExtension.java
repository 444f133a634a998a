package io.proxima.ble.testing;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Gives {@link RealBluez} tests their {@link BluezVm}: one per JVM, kept in the root context's
 * store so that JUnit closes (stops) it after the last test. A VM that cannot be obtained fails
 * every real-BlueZ test with the reason and the instructions; the attempt is made once.
 */
public final class RealBluezExtension
    implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, ParameterResolver, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealBluezExtension.class);

  /** The VM, or why there is none. Closing it stops the VM. */
  private static final class Outcome implements AutoCloseable {
    final @Nullable BluezVm vm;
    final @Nullable RuntimeException failure;

    Outcome(@Nullable BluezVm vm, @Nullable RuntimeException failure) {
      this.vm = vm;
      this.failure = failure;
    }

    static Outcome obtain() {
      long t0 = System.nanoTime();
      try {
        BluezVm vm = BluezVm.obtain();
        System.out.printf("real BlueZ: %s, ready after %.1f s%n", vm.origin(), (System.nanoTime() - t0) / 1e9);
        return new Outcome(vm, null);
      } catch (RuntimeException e) {
        return new Outcome(null, e);
      }
    }

    BluezVm vm() {
      if (failure != null) {
        throw new IllegalStateException("no real bluetoothd for the real-bluez tests: " + failure.getMessage(), failure);
      }
      return java.util.Objects.requireNonNull(vm);
    }

    @Override
    public void close() {
      if (vm != null) {
        vm.close();
      }
    }
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (BluezVm.skipRequested()) {
      return ConditionEvaluationResult.disabled("real-BlueZ tests switched off with -D" + BluezVm.MODE_PROPERTY + "=skip");
    }
    return ConditionEvaluationResult.enabled("real BlueZ required");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    vm(context);
  }

  /** Before each test's own set-up: the VM again, a new one if the last one's daemon exited. */
  @Override
  public void beforeEach(ExtensionContext context) {
    vm(context);
  }

  private static volatile @Nullable BluezVm current;

  /** The JVM's VM, obtained on first use. */
  public static BluezVm vm(ExtensionContext context) {
    BluezVm vm = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Outcome.class, k -> Outcome.obtain(), Outcome.class).vm();
    current = vm;
    return vm;
  }

  /** The VM of a running {@link RealBluez} class (its beforeAll obtained it). */
  public static BluezVm current() {
    BluezVm vm = current;
    if (vm == null) {
      throw new IllegalStateException("no BlueZ VM: the test class is not annotated with @RealBluez");
    }
    return vm;
  }

  /**
   * A test that failed because bluetoothd (or btvirt) exited in the guest is aborted, not failed,
   * with the daemon's log tail as the reason, and the next test gets a freshly booted VM. Seen
   * here about once per run of the tier: bluetoothd 5.66 aborts with "double free or corruption"
   * after adapter power-downs (its adv_monitor code). Any other failure is a failure.
   */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    throw daemonGone(context, throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    throw daemonGone(context, throwable);
  }

  /**
   * A clean-up that fails because the daemon exited after the test had passed leaves the test
   * passed (the crash and its log tail are printed, and the next test gets a new VM).
   */
  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    Throwable previous = context.getExecutionException().orElse(null);
    if (previous instanceof TestAbortedException && String.valueOf(previous.getMessage()).startsWith(ABORTED)) {
      // Aborted already because the daemon exited: the clean-up met the same dead VM.
      return;
    }
    Throwable t = daemonGone(context, throwable);
    if (t == throwable || previous != null) {
      throw t;
    }
  }

  private static final String ABORTED = "bluetoothd or btvirt exited in the BlueZ guest";

  private static Throwable daemonGone(ExtensionContext context, Throwable throwable) {
    BluezVm vm = current;
    String report = vm == null ? null : vm.daemonExitReport(lostTheDaemon(throwable) ? DAEMON_EXIT_WAIT : java.time.Duration.ZERO);
    if (report == null) {
      return throwable;
    }
    System.out.println("real BlueZ: a daemon exited in the guest during " + context.getDisplayName() + "; booting a new VM\n" + report);
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    Outcome old = store.remove(Outcome.class, Outcome.class);
    if (old != null) {
      old.close();
    }
    current = null;
    TestAbortedException aborted = new TestAbortedException(ABORTED + " (not a Proxima process): " + report);
    aborted.addSuppressed(throwable);
    return aborted;
  }

  /** How long the guest may take to print that a daemon exited, once the bus says org.bluez is gone. */
  private static final java.time.Duration DAEMON_EXIT_WAIT = java.time.Duration.ofSeconds(5);

  /** Whether {@code t} says that org.bluez left the bus (or the bus connection went with it). */
  private static boolean lostTheDaemon(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String name = c.getClass().getName();
      if (name.endsWith("ServiceUnknown") || name.endsWith("NotConnected") || String.valueOf(c.getMessage()).contains("org.bluez was not provided")) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (lostTheDaemon(s)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == BluezVm.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return vm(extensionContext);
  }
}
