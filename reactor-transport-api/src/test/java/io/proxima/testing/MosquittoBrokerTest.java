package io.proxima.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class MosquittoBrokerTest {

  @Test
  void startsStopsAndRestartsOnTheSamePort() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start()) {
      assertThat(broker.url()).isEqualTo("mqtt://127.0.0.1:" + broker.port());
      assertThat(connackFrom(broker.port())).isEqualTo(0x20);
      broker.kill();
      assertThat(broker.isRunning()).isFalse();
      broker.restart();
      assertThat(connackFrom(broker.port())).isEqualTo(0x20);
    }
  }

  /** Sends a raw MQTT 3.1.1 CONNECT and returns the first byte of the answer (0x20 = CONNACK). */
  private static int connackFrom(int port) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      byte[] connect = {
        0x10, 14, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 30, 0, 2, 'p', 't'
      };
      out.write(connect);
      out.flush();
      return s.getInputStream().read();
    }
  }
}
