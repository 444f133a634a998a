package io.proxima.cli.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Log levels of the command line. Logs go to standard error through logback ({@code logback.xml}:
 * warnings and errors only), so that standard output carries nothing but the URI, the QR code and
 * the JSON line. The library never logs keys, nonces or presentations.
 */
public final class Logging {

  /** Loggers logback.xml turns down because the outcome line already reports what they would say. */
  private static final List<String> QUIETED = List.of("io.moquette", "io.vertx.mqtt.impl.MqttClientImpl");

  private Logging() {}

  /**
   * Sets the verbosity: 0 = warnings (default), 1 ({@code -v}) = Proxima at debug and everything
   * else at info, 2 or more ({@code -vv}) = everything at debug. Does nothing when slf4j is bound
   * to another backend than logback (tests).
   */
  public static void setVerbosity(int level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger proxima = context.getLogger("io.proxima");
    if (level > 0) {
      // Verbose: the libraries quieted in logback.xml speak again.
      QUIETED.forEach(name -> context.getLogger(name).setLevel(null));
    }
    if (level <= 0) {
      root.setLevel(Level.WARN);
      proxima.setLevel(null);
    } else if (level == 1) {
      root.setLevel(Level.INFO);
      proxima.setLevel(Level.DEBUG);
    } else {
      root.setLevel(Level.DEBUG);
      proxima.setLevel(null);
    }
  }
}
