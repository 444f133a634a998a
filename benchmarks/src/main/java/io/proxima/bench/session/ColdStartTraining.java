package io.proxima.bench.session;

import io.proxima.mqtt.MqttGateway;
import io.proxima.testing.MosquittoBroker;
import java.time.Duration;

/**
 * The training run for the AppCDS archive of {@link ColdStartWithCdsBenchmark}: the shots of the
 * cold-start benchmark once each, so that every class they load goes into the archive. Run as
 * {@code java -XX:ArchiveClassesAtExit=ARCHIVE -cp benchmarks.jar
 * io.proxima.bench.session.ColdStartTraining}; the class path must be the benchmark jar the
 * measured JVMs use.
 */
public final class ColdStartTraining {

  private ColdStartTraining() {}

  public static void main(String[] args) throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(MosquittoBroker.Config.plain().tcpNoDelay(true))) {
      MqttGateway gateway = ColdStart.mqttSession(broker.url());
      gateway.close().block(Duration.ofSeconds(10));
      ColdStart.inMemorySession();
      ColdStart.cryptoFloor();
    }
    System.exit(0);
  }
}
