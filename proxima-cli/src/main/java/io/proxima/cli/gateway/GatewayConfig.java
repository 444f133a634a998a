package io.proxima.cli.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.error.MalformedInputException;
import io.proxima.mqtt.SubscriptionStrategy;
import io.proxima.oid4vp.TransportSettings;
import io.proxima.oid4vp.TransportsConfig;
import io.proxima.oid4vp.VerifierTimeouts;
import io.proxima.oid4vp.dcql.DcqlQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's configuration file, YAML or JSON (a file ending in {@code .json} is read as JSON,
 * anything else as YAML). Every section is optional except {@code transports}; missing values take
 * the defaults named below. Unknown fields are an error, so a typo never goes unnoticed. Relative
 * paths are resolved against {@code baseDir}, by default the directory of the file.
 *
 * <pre>{@code
 * instanceId: gw-1
 * http: {host: 0.0.0.0, port: 8080}
 * transports:                       # the peer's format (PROTOCOL.md §6); MQTT only
 *   MQTT:
 *     type: MQTT
 *     order: 1
 *     params:
 *       brokerUrls: [mqtt://node1:1883, mqtt://node2:1883, mqtt://node3:1883]
 *       subscriptionStrategy: PER_SESSION
 * verifier: {signingKey: verifier-key.jwk.json}
 * trust: {jwks: [issuer-jwks.json]}
 * presets:
 *   pid: {credentials: [{id: pid, format: dc+sd-jwt, meta: {vct_values: ["urn:eudi:pid:1"]},
 *                        claims: [{path: [given_name]}, {path: [family_name]}]}]}
 * sessions: {maxPending: 1000, retention: 10m, maxRetained: 10000}
 * shutdown: {drainTimeout: 30s}
 * }</pre>
 *
 * @param instanceId names this instance in logs, metrics ({@code instance} tag) and {@code /health}
 * @param http the HTTP API
 * @param transports the transports in the peer's format; the MQTT entry's {@code params} are read
 *     as {@link Mqtt}
 * @param verifier the verifier's request-signing identity
 * @param trust the issuers whose credentials are verified
 * @param presets named DCQL queries that {@code POST /sessions} may ask for by name
 * @param timeouts the session timeouts
 * @param sessions limits on sessions held in memory
 * @param shutdown graceful shutdown
 * @param baseDir the directory relative paths are resolved against; default: the file's directory
 */
public record GatewayConfig(
    String instanceId,
    Http http,
    JsonNode transports,
    VerifierIdentity verifier,
    Trust trust,
    Map<String, JsonNode> presets,
    Timeouts timeouts,
    Sessions sessions,
    Shutdown shutdown,
    @Nullable String baseDir) {

  /** Default instance id. */
  public static final String DEFAULT_INSTANCE_ID = "gateway";

  public GatewayConfig {
    instanceId = instanceId == null || instanceId.isBlank() ? DEFAULT_INSTANCE_ID : instanceId;
    http = http == null ? Http.DEFAULTS : http;
    if (transports == null || !transports.isObject() || transports.isEmpty()) {
      throw new IllegalArgumentException("transports: missing; the gateway needs an MQTT transport");
    }
    verifier = verifier == null ? VerifierIdentity.DEFAULTS : verifier;
    trust = trust == null ? Trust.NONE : trust;
    presets = presets == null ? Map.of() : Map.copyOf(presets);
    timeouts = timeouts == null ? Timeouts.DEFAULTS : timeouts;
    sessions = sessions == null ? Sessions.DEFAULTS : sessions;
    shutdown = shutdown == null ? Shutdown.DEFAULTS : shutdown;
  }

  /**
   * The HTTP API.
   *
   * @param host the address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface)
   * @param port the port (default 8080; 0 picks a free one, printed at start)
   * @param maxBodyBytes the largest request body (default 64 KiB); larger ones get 413
   * @param publicUrl the gateway's URL as clients see it, for absolute links; default: relative links
   */
  public record Http(String host, Integer port, Integer maxBodyBytes, @Nullable String publicUrl) {
    public static final Http DEFAULTS = new Http(null, null, null, null);

    public Http {
      host = host == null ? "127.0.0.1" : host;
      port = port == null ? 8080 : port;
      maxBodyBytes = maxBodyBytes == null ? 64 * 1024 : maxBodyBytes;
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("http.port must be 0..65535");
      }
      if (maxBodyBytes < 1024) {
        throw new IllegalArgumentException("http.maxBodyBytes must be at least 1024");
      }
      if (publicUrl != null && publicUrl.endsWith("/")) {
        publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
      }
    }
  }

  /**
   * The verifier's identity, which signs every request object (PROTOCOL.md §3). All instances of a
   * scaled-out gateway should share one key, so wallets see one verifier.
   *
   * @param signingKey a file with the private JWK (P-256 or Ed25519). When it does not exist a key
   *     is generated and written there, with a warning; when it is not set at all, a key is
   *     generated for this run only, with a warning (wallets then see a new DID on every restart)
   * @param didMethod {@code key} (did:key, default) or {@code jwk} (did:jwk)
   * @param keyType the type of a generated key: {@code P256} (default, ES256) or {@code ED25519}
   * @param scheme the engagement URI scheme (default {@code openid4vp})
   */
  public record VerifierIdentity(@Nullable String signingKey, String didMethod, String keyType, String scheme) {
    public static final VerifierIdentity DEFAULTS = new VerifierIdentity(null, null, null, null);

    public VerifierIdentity {
      didMethod = didMethod == null ? "key" : didMethod.toLowerCase(Locale.ROOT);
      keyType = keyType == null ? "P256" : keyType.toUpperCase(Locale.ROOT).replace("-", "");
      scheme = scheme == null ? Engagement.DEFAULT_SCHEME : scheme;
      if (!didMethod.equals("key") && !didMethod.equals("jwk")) {
        throw new IllegalArgumentException("verifier.didMethod must be key or jwk, got " + didMethod);
      }
      if (!keyType.equals("P256") && !keyType.equals("ED25519")) {
        throw new IllegalArgumentException("verifier.keyType must be P256 or ED25519, got " + keyType);
      }
    }
  }

  /**
   * Trusted credential issuers; with none, outcomes are never {@code verified} (a warning says so).
   *
   * @param jwks JWKS files with issuer public keys (e.g. {@code issuer-jwks.json})
   * @param certificates PEM files with root certificates for issuers signing with an x5c chain
   * @param dids issuer DIDs (did:key, did:jwk)
   */
  public record Trust(List<String> jwks, List<String> certificates, List<String> dids) {
    public static final Trust NONE = new Trust(null, null, null);

    public Trust {
      jwks = jwks == null ? List.of() : List.copyOf(jwks);
      certificates = certificates == null ? List.of() : List.copyOf(certificates);
      dids = dids == null ? List.of() : List.copyOf(dids);
    }

    public boolean isEmpty() {
      return jwks.isEmpty() && certificates.isEmpty() && dids.isEmpty();
    }
  }

  /**
   * Session timeouts; defaults are {@link VerifierTimeouts#DEFAULTS}. {@code engagement} is the
   * lifetime of a QR code, {@code response} includes the user's consent.
   */
  public record Timeouts(
      Duration listen,
      Duration engagement,
      Duration accept,
      Duration requestDelivery,
      Duration response,
      Duration validation,
      Duration close) {
    public static final Timeouts DEFAULTS = new Timeouts(null, null, null, null, null, null, null);

    public Timeouts {
      VerifierTimeouts d = VerifierTimeouts.DEFAULTS;
      listen = listen == null ? d.listen() : listen;
      engagement = engagement == null ? d.engagement() : engagement;
      accept = accept == null ? d.accept() : accept;
      requestDelivery = requestDelivery == null ? d.requestDelivery() : requestDelivery;
      response = response == null ? d.response() : response;
      validation = validation == null ? d.validation() : validation;
      close = close == null ? d.close() : close;
    }

    VerifierTimeouts toVerifierTimeouts() {
      return VerifierTimeouts.DEFAULTS
          .withListen(listen)
          .withEngagement(engagement)
          .withAccept(accept)
          .withRequestDelivery(requestDelivery)
          .withResponse(response)
          .withValidation(validation)
          .withClose(close);
    }

    /** The longest a session can live: every wait in a row. */
    Duration longestSession() {
      return listen.plus(engagement).plus(accept).plus(requestDelivery).plus(response).plus(validation).plus(close);
    }
  }

  /**
   * Limits on the sessions held in memory.
   *
   * @param maxPending sessions not yet ended (default 1000); at the cap {@code POST /sessions}
   *     answers 503 with {@code Retry-After}
   * @param retryAfter the {@code Retry-After} given at the cap (default 2 s, rounded up to seconds)
   * @param retention how long an ended session stays readable (default 10 min)
   * @param maxRetained how many ended sessions are kept at most (default 10,000); the oldest go first
   * @param exposeVpToken whether {@code GET /sessions/{id}} includes the raw {@code vp_token}
   *     (default false: the verified claims are there; the raw presentations are not kept)
   */
  public record Sessions(Integer maxPending, Duration retryAfter, Duration retention, Integer maxRetained, Boolean exposeVpToken) {
    public static final Sessions DEFAULTS = new Sessions(null, null, null, null, null);

    public Sessions {
      maxPending = maxPending == null ? 1000 : maxPending;
      retryAfter = retryAfter == null ? Duration.ofSeconds(2) : retryAfter;
      retention = retention == null ? Duration.ofMinutes(10) : retention;
      maxRetained = maxRetained == null ? 10_000 : maxRetained;
      exposeVpToken = exposeVpToken != null && exposeVpToken;
      if (maxPending < 1) {
        throw new IllegalArgumentException("sessions.maxPending must be at least 1");
      }
      if (maxRetained < 0) {
        throw new IllegalArgumentException("sessions.maxRetained must not be negative");
      }
    }
  }

  /**
   * Graceful shutdown (SIGTERM).
   *
   * @param drainTimeout how long in-flight sessions may take to finish before they are cancelled
   *     (default 30 s)
   */
  public record Shutdown(Duration drainTimeout) {
    public static final Shutdown DEFAULTS = new Shutdown(null);

    public Shutdown {
      drainTimeout = drainTimeout == null ? Duration.ofSeconds(30) : drainTimeout;
    }
  }

  /**
   * The {@code params} of the MQTT transport entry.
   *
   * @param brokerUrl one broker, {@code mqtt://host:port} or {@code mqtts://host:port}
   * @param brokerUrls several brokers (the nodes of one cluster): the gateway connects to the first
   *     that accepts and fails over to the next when its node dies; give this or {@code brokerUrl}
   * @param advertisedBrokerUrl what goes into QR codes when wallets reach the broker by another
   *     address (a load-balanced name); default: the node the gateway is connected to
   * @param clientId the MQTT client id; default: generated. Must differ between instances
   * @param username broker user name
   * @param password broker password (prefer {@code passwordFile})
   * @param passwordFile a file holding the broker password (trailing newline ignored)
   * @param tls TLS for {@code mqtts://} brokers
   * @param subscriptionStrategy {@code PER_SESSION} (default) or {@code WILDCARD}; see GATEWAY.md
   * @param qos 0 (default, peer-compatible) or 1
   * @param keepAlive MQTT keep-alive (default 60 s)
   * @param connectTimeout one connection attempt (default 10 s)
   * @param reconnect reconnect backoff
   * @param maxMessageSize the largest frame (default 1 MiB)
   */
  public record Mqtt(
      @Nullable String brokerUrl,
      @Nullable List<String> brokerUrls,
      @Nullable String advertisedBrokerUrl,
      @Nullable String clientId,
      @Nullable String username,
      @Nullable String password,
      @Nullable String passwordFile,
      @Nullable Tls tls,
      SubscriptionStrategy subscriptionStrategy,
      Integer qos,
      @Nullable Duration keepAlive,
      @Nullable Duration connectTimeout,
      @Nullable Reconnect reconnect,
      @Nullable Integer maxMessageSize) {

    public Mqtt {
      if (brokerUrl != null && brokerUrls != null) {
        throw new IllegalArgumentException("give brokerUrl or brokerUrls, not both");
      }
      if (brokerUrl == null && (brokerUrls == null || brokerUrls.isEmpty())) {
        throw new IllegalArgumentException("brokerUrl (or brokerUrls) is missing");
      }
      brokerUrls = brokerUrls == null ? List.of(brokerUrl) : List.copyOf(brokerUrls);
      subscriptionStrategy = subscriptionStrategy == null ? SubscriptionStrategy.PER_SESSION : subscriptionStrategy;
      qos = qos == null ? 0 : qos;
      if (qos != 0 && qos != 1) {
        throw new IllegalArgumentException("qos must be 0 or 1");
      }
      if (password != null && passwordFile != null) {
        throw new IllegalArgumentException("give password or passwordFile, not both");
      }
      if ((password != null || passwordFile != null) && username == null) {
        throw new IllegalArgumentException("a password needs a username");
      }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
      return "Mqtt[" + brokerUrls + ", " + subscriptionStrategy + ", qos " + qos + (username == null ? "" : ", user " + username) + "]";
    }
  }

  /**
   * TLS for {@code mqtts://} brokers (see {@code io.proxima.mqtt.MqttTls}).
   *
   * @param caFile PEM CA certificates to trust; default: the JVM's trust store
   * @param certificateFile PEM client certificate chain, for brokers requiring one
   * @param keyFile PEM PKCS#8 key of the client certificate
   * @param hostnameVerification default true
   */
  public record Tls(@Nullable String caFile, @Nullable String certificateFile, @Nullable String keyFile, @Nullable Boolean hostnameVerification) {}

  /**
   * Reconnect backoff: the first retry after {@code initialBackoff} (default 200 ms), doubling up
   * to {@code maxBackoff} (default 30 s); the gateway never gives up.
   */
  public record Reconnect(@Nullable Duration initialBackoff, @Nullable Duration maxBackoff) {}

  // ------------------------------------------------------------------ loading

  /**
   * Reads a configuration file. Blocking file I/O: call it at start-up.
   *
   * @throws GatewayConfigException naming the file, the field and the problem
   */
  public static GatewayConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new GatewayConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"), dir, file.toString());
  }

  /**
   * Parses a configuration in YAML (which includes most JSON); relative paths resolve against
   * {@code baseDir} unless the text sets {@code baseDir}.
   *
   * @throws GatewayConfigException naming the field and the problem
   */
  public static GatewayConfig parse(String yaml, Path baseDir) {
    return parse(yaml, false, baseDir, "configuration");
  }

  private static GatewayConfig parse(String text, boolean json, Path baseDir, String source) {
    ObjectMapper mapper = json ? JSON : YAML;
    GatewayConfig config;
    try {
      JsonNode tree = mapper.readTree(text);
      if (tree == null || !tree.isObject()) {
        throw new GatewayConfigException(source + ": expected a mapping at the top level");
      }
      config = mapper.treeToValue(tree, GatewayConfig.class);
    } catch (JsonMappingException e) {
      throw new GatewayConfigException(source + ": " + describe("", e), e);
    } catch (JsonProcessingException e) {
      throw new GatewayConfigException(source + ": not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage(), e);
    }
    if (config.baseDir() == null) {
      config = config.withBaseDir(baseDir.toString());
    }
    try {
      config.validate();
    } catch (IllegalArgumentException | MalformedInputException e) {
      throw new GatewayConfigException(source + ": " + e.getMessage(), e);
    }
    return config;
  }

  /** {@code path: problem}, the path starting with {@code prefix}; an unknown field is named in the problem, not the path. */
  private static String describe(String prefix, JsonMappingException e) {
    List<JsonMappingException.Reference> refs = e.getPath();
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException && !refs.isEmpty()) {
      refs = refs.subList(0, refs.size() - 1);
    }
    String path = java.util.stream.Stream.concat(prefix.isEmpty() ? java.util.stream.Stream.<String>empty() : java.util.stream.Stream.of(prefix),
            refs.stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]"))
        .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
        .orElse("");
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String problem = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      problem = "unknown field '" + u.getPropertyName() + "'";
    }
    return (path.isEmpty() ? "" : path + ": ") + firstLine(problem);
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "invalid";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Checks what the record constructors cannot: the transports, the MQTT params and the presets. */
  private void validate() {
    TransportsConfig t = transportsConfig();
    boolean mqtt = false;
    for (Map.Entry<String, TransportSettings> e : t.entries().entrySet()) {
      if (e.getValue().type() == TransportType.BLE && e.getValue().enabled()) {
        throw new IllegalArgumentException(
            "transports." + e.getKey() + ": BLE is not supported by the gateway (a server has no radio per session); disable it");
      }
      mqtt |= e.getValue().type() == TransportType.MQTT && e.getValue().enabled();
    }
    if (!mqtt) {
      throw new IllegalArgumentException("transports: no enabled MQTT transport");
    }
    mqtt();
    presetQueries();
  }

  /** The transports, in the peer's format. */
  public TransportsConfig transportsConfig() {
    return TransportsConfig.fromJson(transports);
  }

  /**
   * The MQTT transport's parameters.
   *
   * @throws IllegalArgumentException naming the field when they are not valid
   */
  public Mqtt mqtt() {
    Map.Entry<String, TransportSettings> entry = transportsConfig().entries().entrySet().stream()
        .filter(e -> e.getValue().type() == TransportType.MQTT && e.getValue().enabled())
        .min((a, b) -> Integer.compare(a.getValue().order(), b.getValue().order()))
        .orElseThrow(() -> new IllegalArgumentException("transports: no enabled MQTT transport"));
    ObjectNode params = entry.getValue().params();
    try {
      return JSON.treeToValue(params, Mqtt.class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(describe("transports." + entry.getKey() + ".params", e), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("transports." + entry.getKey() + ".params: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The presets as DCQL queries, by name.
   *
   * @throws IllegalArgumentException naming the preset when one is not a valid DCQL query
   */
  public Map<String, DcqlQuery> presetQueries() {
    Map<String, DcqlQuery> out = new LinkedHashMap<>();
    presets.forEach((name, json) -> {
      try {
        out.put(name, DcqlQuery.fromJson(json));
      } catch (MalformedInputException e) {
        throw new IllegalArgumentException("presets." + name + ": not a DCQL query: " + e.getMessage(), e);
      }
    });
    return out;
  }

  /** A path from the file, resolved against {@link #baseDir()}. */
  public Path path(String p) {
    Path path = Path.of(p);
    return path.isAbsolute() || baseDir == null ? path : Path.of(baseDir).resolve(path).normalize();
  }

  public GatewayConfig withBaseDir(String dir) {
    return new GatewayConfig(instanceId, http, transports, verifier, trust, presets, timeouts, sessions, shutdown, dir);
  }

  /** This configuration with another HTTP port (the command line's {@code --port}). */
  public GatewayConfig withHttpPort(int port) {
    return new GatewayConfig(instanceId, new Http(http.host(), port, http.maxBodyBytes(), http.publicUrl()), transports, verifier, trust,
        presets, timeouts, sessions, shutdown, baseDir);
  }

  /** This configuration with another instance id (the command line's {@code --instance-id}). */
  public GatewayConfig withInstanceId(String id) {
    return new GatewayConfig(id, http, transports, verifier, trust, presets, timeouts, sessions, shutdown, baseDir);
  }

  // ------------------------------------------------------------------ mappers

  private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
  private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));

  private static ObjectMapper configure(ObjectMapper m) {
    SimpleModule durations = new SimpleModule("durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    m.registerModule(durations);
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    m.configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
    return m;
  }

  /** Reads durations as {@link Durations} text, or a number of seconds. */
  private static final class DurationDeserializer extends StdDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Duration d;
      if (p.currentToken().isNumeric()) {
        d = Duration.ofMillis(Math.round(p.getDoubleValue() * 1000));
      } else {
        d = Durations.parse(p.getValueAsString(""));
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("a duration must be positive, got " + p.getText());
      }
      return d;
    }
  }

  @Override
  public String toString() {
    return "GatewayConfig[" + instanceId + ", http " + http.host() + ":" + http.port() + ", presets " + presets.keySet() + "]";
  }
}
