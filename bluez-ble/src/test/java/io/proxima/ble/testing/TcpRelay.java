package io.proxima.ble.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP relay in front of a D-Bus TCP address, so that a test can cut a client's bus
 * connection the way a crashing process does (reset, no goodbye), while BlueZ and the radio link
 * stay up. Blocking threads of its own; for tests only.
 */
public final class TcpRelay implements AutoCloseable {

  private static final Pattern TCP = Pattern.compile("tcp:host=([^,]+),port=(\\d+).*");

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private TcpRelay(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
    Thread acceptor = new Thread(this::acceptLoop, "tcp-relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A relay to the host and port of a {@code tcp:host=...,port=...} D-Bus address. */
  public static TcpRelay to(String dbusAddress) {
    Matcher m = TCP.matcher(dbusAddress);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a D-Bus TCP address: " + dbusAddress);
    }
    try {
      ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
      return new TcpRelay(server, new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The D-Bus address of the relay. */
  public String address() {
    return "tcp:host=127.0.0.1,port=" + server.getLocalPort();
  }

  /** Resets every relayed connection at once; new connections are still relayed. */
  public void cut() {
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException e) {
        // Closed already.
      }
    }
    sockets.clear();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 5000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // Cut or closed.
      } finally {
        try {
          to.close();
        } catch (IOException e) {
          // Closed already.
        }
      }
    }, "tcp-relay-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // Closed already.
    }
    cut();
  }
}
