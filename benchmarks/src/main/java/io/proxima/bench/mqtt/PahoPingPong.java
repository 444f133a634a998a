package io.proxima.bench.mqtt;

import io.proxima.bench.fixture.Broker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.UUID;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The 3-leg baseline on Paho's {@link MqttAsyncClient}. Callbacks run on Paho's own callback
 * thread. Paho opens a plain {@link Socket}, which leaves Nagle's algorithm on; the other two
 * clients run on Netty with TCP_NODELAY, so Paho gets it too through a socket factory, or its
 * legs would measure the kernel's delayed-ACK timer instead of the client.
 */
final class PahoPingPong extends PingPong {

  private static final long TIMEOUT_MS = SETUP_TIMEOUT_SECONDS * 1000;

  private final MqttAsyncClient wallet;
  private final MqttAsyncClient verifier;

  private PahoPingPong(SessionTopics topics, MqttAsyncClient wallet, MqttAsyncClient verifier) {
    super(topics);
    this.wallet = wallet;
    this.verifier = verifier;
  }

  static PahoPingPong open(Broker broker) {
    SessionTopics topics = SessionTopics.of(UUID.randomUUID());
    String uri = "tcp://" + broker.host() + ":" + broker.port();
    try {
      PahoPingPong p =
          new PahoPingPong(
              topics,
              new MqttAsyncClient(uri, clientId("pw"), new MemoryPersistence()),
              new MqttAsyncClient(uri, clientId("pv"), new MemoryPersistence()));
      try {
        p.verifier.setCallback(callback(p::onVerifierMessage));
        p.wallet.setCallback(callback(p::onWalletMessage));
        p.verifier.connect(options()).waitForCompletion(TIMEOUT_MS);
        p.wallet.connect(options()).waitForCompletion(TIMEOUT_MS);
        p.verifier.subscribe(
                new String[] {topics.identify(), topics.accept(), topics.reject()}, new int[] {0, 0, 0})
            .waitForCompletion(TIMEOUT_MS);
        p.wallet.subscribe(topics.definition(), 0).waitForCompletion(TIMEOUT_MS);
        return p;
      } catch (MqttException | RuntimeException e) {
        p.close();
        throw e;
      }
    } catch (MqttException e) {
      throw new IllegalStateException("Paho setup step failed: " + e, e);
    }
  }

  private static MqttConnectOptions options() {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setKeepAliveInterval(60);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setAutomaticReconnect(false);
    o.setSocketFactory(new NoDelaySocketFactory());
    return o;
  }

  @Override
  protected void publishIdentify() {
    publish(wallet, topics.identify(), identify);
  }

  private void onVerifierMessage(String topic, MqttMessage m) {
    if (topic.equals(topics.identify())) {
      verifierGotIdentify(m.getPayload().length, () -> publish(verifier, topics.definition(), request));
    } else if (topic.equals(topics.accept())) {
      verifierGotSubmission(m.getPayload().length);
    }
  }

  private void onWalletMessage(String topic, MqttMessage m) {
    walletGotRequest(m.getPayload().length, () -> publish(wallet, topics.accept(), submission));
  }

  private void publish(MqttAsyncClient client, String topic, byte[] payload) {
    try {
      client.publish(topic, payload, 0, false);
    } catch (MqttException e) {
      failed(e);
    }
  }

  @Override
  public void close() {
    for (MqttAsyncClient c : new MqttAsyncClient[] {wallet, verifier}) {
      try {
        if (c.isConnected()) {
          c.disconnect().waitForCompletion(TIMEOUT_MS);
        }
        c.close();
      } catch (MqttException e) {
        throw new IllegalStateException("Paho teardown failed: " + e, e);
      }
    }
  }

  private interface Arrival {
    void arrived(String topic, MqttMessage message);
  }

  private static MqttCallback callback(Arrival arrival) {
    return new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        arrival.arrived(topic, message);
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    };
  }

  /** Plain sockets with TCP_NODELAY, as Netty's default. */
  private static final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory plain = SocketFactory.getDefault();

    private static Socket noDelay(Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return noDelay(plain.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return noDelay(plain.createSocket(address, port, localAddress, localPort));
    }
  }
}
