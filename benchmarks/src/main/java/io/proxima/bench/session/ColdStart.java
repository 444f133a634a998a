package io.proxima.bench.session;

import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.util.concurrent.TimeUnit;

/** What the cold-start benchmark runs, kept apart so that nothing is loaded before the shot. */
final class ColdStart {

  private ColdStart() {}

  static Object inMemorySession() throws Exception {
    InMemoryTransport transport = InMemoryTransport.create(InMemoryHub.create());
    return Draft00Exchange.run(transport, transport)
        .toFuture()
        .get(SessionBenchmark.SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static Object cryptoFloor() {
    return CryptoFloor.twoSided();
  }
}
