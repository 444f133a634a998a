package io.proxima.cli.support;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;

/**
 * An MQTT broker inside the process (Moquette), bound to 127.0.0.1 on a free port, without
 * persistence and with telemetry off: what {@code proxima demo} runs its session through.
 * Blocking start and stop: call them at the edge.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start()) {
 *   String url = broker.url();            // mqtt://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {

  /** The address it binds: loopback only, nothing is reachable from the network. */
  public static final String HOST = "127.0.0.1";
  /** Largest MQTT message it accepts (Moquette's default is 8092 bytes, too small for presentations). */
  public static final int MAX_MESSAGE_SIZE = 1 << 20;

  private static final int START_ATTEMPTS = 3;

  private final Server server;
  private final int port;

  private EmbeddedBroker(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts a broker on a free loopback port.
   *
   * @throws UncheckedIOException if it cannot start
   */
  public static EmbeddedBroker start() {
    IOException last = null;
    // Moquette cannot bind port 0 and report the port: take a free one, and retry if someone else took it meanwhile.
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = freePort();
      Server server = new Server();
      try {
        server.startServer(new MemoryConfig(properties(port)), List.of());
        return new EmbeddedBroker(server, port);
      } catch (IOException e) {
        last = e;
        server.stopServer();
      }
    }
    throw new UncheckedIOException("cannot start the embedded MQTT broker", last);
  }

  private static Properties properties(int port) {
    Properties p = new Properties();
    p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, HOST);
    p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
    p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
    p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
    p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
    p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_SIZE));
    p.setProperty(BrokerConstants.NETTY_TCP_NODELAY_PROPERTY_NAME, "true");
    // Flush every message at once: a proximity session is a handful of small request/response legs.
    p.setProperty(BrokerConstants.BUFFER_FLUSH_MS_PROPERTY_NAME, "0");
    return p;
  }

  private static int freePort() throws UncheckedIOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + HOST, e);
    }
  }

  /** {@code mqtt://127.0.0.1:PORT}. */
  public String url() {
    return "mqtt://" + HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** Stops the broker: clients are disconnected. */
  @Override
  public void close() {
    server.stopServer();
  }
}
