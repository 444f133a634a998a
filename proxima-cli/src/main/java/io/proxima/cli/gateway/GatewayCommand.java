package io.proxima.cli.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code proxima gateway --config FILE}: runs the verifier gateway until SIGTERM or SIGINT, then
 * shuts down gracefully (stops accepting sessions, drains in-flight ones within the drain timeout,
 * cancels the rest, unsubscribes and disconnects). Prints {@code GATEWAY_URL=http://host:port}
 * on standard output once it serves, for scripts.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the verifier gateway: an HTTP API that runs OID4VP presentation sessions over one shared MQTT connection.",
      "Endpoints: POST /sessions, GET /sessions/{id}, GET /sessions/{id}/qr.png, GET /sessions/{id}/events (SSE),",
      "DELETE /sessions/{id}, GET /metrics (Prometheus), GET /health. See GATEWAY.md for the configuration file."
    })
public final class GatewayCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(GatewayCommand.class);

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "the configuration file (YAML, or JSON when it ends in .json)")
  Path config;

  @Option(names = "--port", paramLabel = "PORT", description = "the HTTP port, overriding http.port (0: any free port)")
  @Nullable Integer port;

  @Option(names = "--instance-id", paramLabel = "ID", description = "the instance id, overriding instanceId")
  @Nullable String instanceId;

  @Override
  public Integer call() {
    GatewayConfig c;
    try {
      c = GatewayConfig.load(config);
    } catch (GatewayConfigException e) {
      System.err.println("proxima gateway: " + e.getMessage());
      return 2;
    }
    if (port != null) {
      c = c.withHttpPort(port);
    }
    if (instanceId != null) {
      c = c.withInstanceId(instanceId);
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(c);
    } catch (GatewayConfigException e) {
      System.err.println("proxima gateway: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("proxima gateway: cannot start: " + e.getMessage());
      return 1;
    }
    Duration stopBudget = c.shutdown().drainTimeout().plus(c.timeouts().close()).plusSeconds(30);
    Thread hook = new Thread(() -> {
      log.info("signal received: shutting down");
      try {
        gateway.shutdown().block(stopBudget);
      } catch (RuntimeException e) {
        log.warn("shutdown did not complete: {}", e.getMessage());
      }
    }, "gateway-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println("GATEWAY_URL=" + gateway.url());
    System.out.flush();
    gateway.onClose().block();
    return 0;
  }

  /** Runs the command on its own (the {@code proxima} launcher registers it as a subcommand). */
  public static void main(String[] args) {
    int code = new CommandLine(new GatewayCommand()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
