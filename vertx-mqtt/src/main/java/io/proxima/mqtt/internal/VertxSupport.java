package io.proxima.mqtt.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The Vert.x instance used when the application gives none, and the bridge from Vert.x futures. */
public final class VertxSupport {

  private static volatile @Nullable Vertx shared;

  private VertxSupport() {}

  /**
   * The library's shared Vert.x instance (daemon threads, so it never keeps a JVM alive), created
   * on first use on a bounded-elastic thread because creating Vert.x reads files.
   */
  public static Mono<Vertx> shared() {
    Vertx v = shared;
    if (v != null) {
      return Mono.just(v);
    }
    return Mono.fromCallable(VertxSupport::createShared).subscribeOn(Schedulers.boundedElastic());
  }

  private static synchronized Vertx createShared() {
    Vertx v = shared;
    if (v == null) {
      v = Vertx.vertx(new VertxOptions().setUseDaemonThread(true));
      shared = v;
    }
    return v;
  }

  /**
   * Runs a Vert.x operation on {@code context} when subscribed and emits its result (or completes
   * empty for a null result). Lazy: nothing runs before subscription. Vert.x futures cannot be
   * cancelled, so cancelling only stops listening.
   */
  static <T> Mono<T> onContext(Context context, Supplier<Future<T>> operation) {
    return Mono.create(
        sink ->
            context.runOnContext(
                v -> {
                  Future<T> future;
                  try {
                    future = operation.get();
                  } catch (RuntimeException e) {
                    sink.error(e);
                    return;
                  }
                  future.onComplete(
                      result -> {
                        if (result.succeeded()) {
                          sink.success(result.result());
                        } else {
                          sink.error(result.cause());
                        }
                      });
                }));
  }
}
