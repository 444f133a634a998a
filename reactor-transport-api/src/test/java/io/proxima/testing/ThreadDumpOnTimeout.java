package io.proxima.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because a wait ran out (a bounded {@code block}, {@code StepVerifier.verify},
 * or JUnit's own timeout), writes the stacks of every thread to {@code
 * target/thread-dumps/<class>.<method>.txt} and a short form to stderr. A wait that runs out on
 * one machine and not on another is most often a thread stuck somewhere; this says where, from a
 * CI log alone.
 *
 * <p>Registered for every module's tests through {@code META-INF/services} (JUnit's extension
 * auto-detection is switched on in the root pom).
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

  private static final int SHORT_FRAMES = 6;

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    dumpIfTimeout(context, throwable);
    throw throwable;
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    dumpIfTimeout(context, throwable);
    throw throwable;
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    dumpIfTimeout(context, throwable);
    throw throwable;
  }

  static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (c instanceof TimeoutException || c instanceof InterruptedException
          || m.contains("Timeout on blocking read") || m.contains("timed out after") || m.contains("VerifySubscriber timed out")) {
        return true;
      }
    }
    return false;
  }

  private static void dumpIfTimeout(ExtensionContext context, Throwable throwable) {
    if (!isTimeout(throwable)) {
      return;
    }
    ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, false);
    Arrays.sort(threads, Comparator.comparing(ThreadInfo::getThreadName));
    StringBuilder full = new StringBuilder();
    StringBuilder brief = new StringBuilder();
    String test = context.getRequiredTestClass().getName() + "." + context.getTestMethod().map(m -> m.getName()).orElse("class");
    brief.append("THREADS at the timeout of ").append(test).append(" (busy ones; full dump in target/thread-dumps):\n");
    for (ThreadInfo t : threads) {
      full.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
      if (t.getLockName() != null) {
        full.append(" on ").append(t.getLockName());
      }
      if (t.getLockOwnerName() != null) {
        full.append(" held by \"").append(t.getLockOwnerName()).append('"');
      }
      full.append('\n');
      for (StackTraceElement e : t.getStackTrace()) {
        full.append("    at ").append(e).append('\n');
      }
      full.append('\n');
      if (isBusy(t)) {
        brief.append("  \"").append(t.getThreadName()).append("\" ").append(t.getThreadState());
        if (t.getLockOwnerName() != null) {
          brief.append(" (lock held by \"").append(t.getLockOwnerName()).append("\")");
        }
        brief.append('\n');
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(SHORT_FRAMES, st.length); i++) {
          brief.append("      at ").append(st[i]).append('\n');
        }
      }
    }
    long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
    if (deadlocked != null) {
      brief.append("  DEADLOCK among ").append(deadlocked.length).append(" threads\n");
    }
    System.err.print(brief);
    try {
      Path dir = Path.of("target", "thread-dumps");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(test + ".txt"), full, StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("could not write the thread dump: " + e);
    }
  }

  /** A thread doing something rather than waiting for work: what a stuck run is made of. */
  private static boolean isBusy(ThreadInfo t) {
    if (t.getThreadState() == Thread.State.BLOCKED || t.getThreadState() == Thread.State.RUNNABLE) {
      StackTraceElement[] st = t.getStackTrace();
      if (st.length == 0) {
        return false;
      }
      String top = st[0].getClassName() + "." + st[0].getMethodName();
      // Idle selectors and the JVM's own readers are RUNNABLE in native code while waiting.
      return !(top.contains("epollWait") || top.contains("EPoll") || top.contains("SelectorImpl") || top.contains("socketAccept")
          || top.contains("readBytes") || top.contains("Reference") || top.contains("getThreadInfo") || top.contains("dumpThreads")
          || top.contains("Native.epoll") || top.contains("FileDispatcherImpl.read"));
    }
    // Waiting to acquire a lock (not on a condition, where idle workers wait): the stuck Reactor
    // worker of the CI hang waited on its own timer queue's ReentrantLock, held by nobody.
    if (t.getLockName() != null && t.getLockName().contains("ReentrantLock")) {
      return true;
    }
    String name = t.getThreadName();
    // A parallel worker or an event loop parked on something other than its own queue.
    StackTraceElement[] st = t.getStackTrace();
    boolean worker = name.startsWith("parallel-") || name.startsWith("vert.x-eventloop") || name.startsWith("reactor-http");
    return worker && st.length > 0 && Arrays.stream(st).limit(12).noneMatch(e -> e.getClassName().contains("ScheduledThreadPoolExecutor")
        || e.getClassName().contains("SingleThreadEventExecutor") || e.getMethodName().contains("epoll") || e.getClassName().contains("ThreadPoolExecutor"));
  }
}
