package io.proxima.mqtt;

import static io.proxima.mqtt.Draft00Exchange.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.engagement.Engagement;
import io.proxima.error.SessionTimeoutException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Acknowledgement and send timeouts fire on the link's own event loop (where they are scheduled
 * since issue 6) when a broker accepts the connection and then stays silent: a minimal MQTT 3.1.1
 * server on a loopback socket that answers CONNECT and PINGREQ, and SUBSCRIBE only when told to,
 * and never PUBACK.
 */
class MqttAckTimeoutTest {

  static final Duration ACK_TIMEOUT = Duration.ofMillis(300);

  final CopyOnWriteArrayList<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  @Test
  void aSubscriptionWithoutSubackFailsWithTheAckTimeoutNamingSuback() {
    SilentBroker broker = start(false);
    MqttGateway gateway = gateway(broker, MqttQos.AT_MOST_ONCE);
    StepVerifier.create(gateway.listen(SessionId.random()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SessionTimeoutException.class).hasMessageContaining("SUBACK"))
        .verify(WAIT);
  }

  @Test
  void aQos1PublishWithoutPubackFailsWithTheAckTimeoutNamingPuback() {
    SilentBroker broker = start(true);
    MqttGateway gateway = gateway(broker, MqttQos.AT_LEAST_ONCE);
    SessionId id = SessionId.random();
    Engagement engagement =
        Engagement.builder().key(new byte[32]).endpoint(new io.proxima.engagement.MqttEndpoint(gateway.brokerUrl(), id.uuid())).build();
    FrameConnection wallet = gateway.connect(engagement).block(WAIT);
    byte[] identify = new byte[45];
    identify[44] = 2;
    StepVerifier.create(wallet.send(Frame.of(FrameKind.IDENTIFY, identify)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SessionTimeoutException.class).hasMessageContaining("PUBACK"))
        .verify(WAIT);
    wallet.close().onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(WAIT);
  }

  private SilentBroker start(boolean acknowledgeSubscriptions) {
    SilentBroker broker = new SilentBroker(acknowledgeSubscriptions);
    cleanup.add(broker);
    return broker;
  }

  private MqttGateway gateway(SilentBroker broker, MqttQos qos) {
    MqttGateway g =
        MqttTransport.create()
            .broker("mqtt://127.0.0.1:" + broker.port())
            .qos(qos)
            .ackTimeout(ACK_TIMEOUT)
            .setupTimeout(Duration.ofSeconds(5))
            .sendTimeout(Duration.ofSeconds(5))
            .reconnect(ReconnectPolicy.disabled())
            .connect()
            .block(WAIT);
    cleanup.add(0, () -> g.close().block(WAIT));
    return g;
  }

  /** Answers CONNECT, PINGREQ and (if asked) SUBSCRIBE; never PUBACK, UNSUBACK or anything else. */
  static final class SilentBroker implements AutoCloseable {
    private final ServerSocket server;
    private final boolean acknowledgeSubscriptions;
    private final CopyOnWriteArrayList<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentBroker(boolean acknowledgeSubscriptions) {
      try {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      this.acknowledgeSubscriptions = acknowledgeSubscriptions;
      this.acceptor = new Thread(this::accept, "silent-broker");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      try {
        while (true) {
          Socket s = server.accept();
          clients.add(s);
          Thread t = new Thread(() -> serve(s), "silent-broker-client");
          t.setDaemon(true);
          t.start();
        }
      } catch (IOException closed) {
        // the test is over
      }
    }

    private void serve(Socket s) {
      try (s) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        while (true) {
          int type = in.readUnsignedByte() >>> 4;
          byte[] body = new byte[remainingLength(in)];
          in.readFully(body);
          switch (type) {
            case 1 -> out.write(new byte[] {0x20, 0x02, 0x00, 0x00}); // CONNECT -> CONNACK accepted
            case 8 -> {
              if (acknowledgeSubscriptions) { // SUBSCRIBE -> SUBACK granting QoS 1 to every filter
                int filters = 0;
                for (int i = 2; i < body.length; ) {
                  int len = ((body[i] & 0xFF) << 8) | (body[i + 1] & 0xFF);
                  i += 2 + len + 1;
                  filters++;
                }
                byte[] ack = new byte[4 + filters];
                ack[0] = (byte) 0x90;
                ack[1] = (byte) (2 + filters);
                ack[2] = body[0];
                ack[3] = body[1];
                for (int f = 0; f < filters; f++) {
                  ack[4 + f] = 1;
                }
                out.write(ack);
              }
            }
            case 12 -> out.write(new byte[] {(byte) 0xD0, 0x00}); // PINGREQ -> PINGRESP
            case 14 -> {
              return; // DISCONNECT
            }
            default -> {
              // PUBLISH, UNSUBSCRIBE, ...: silence
            }
          }
          out.flush();
        }
      } catch (IOException gone) {
        // client closed
      }
    }

    private static int remainingLength(InputStream in) throws IOException {
      int value = 0;
      for (int shift = 0; shift < 28; shift += 7) {
        int b = in.read();
        if (b < 0) {
          throw new SocketException("closed");
        }
        value |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IOException("malformed remaining length");
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : clients) {
        s.close();
      }
    }
  }
}
