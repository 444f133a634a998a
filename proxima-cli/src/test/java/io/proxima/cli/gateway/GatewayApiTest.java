package io.proxima.cli.gateway;

import static io.proxima.cli.gateway.TestGateways.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.netty.handler.codec.http.HttpMethod;
import io.proxima.cli.loadgen.GatewayClient;
import io.proxima.cli.loadgen.SseEvent;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletState;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import io.proxima.testing.MosquittoBroker;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP API end to end against a real mosquitto: create, QR, wallet, SSE events, outcome, cancel, errors, metrics. */
class GatewayApiTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final TestGateways gateways = new TestGateways();
  final String broker = MosquittoBroker.shared().url();

  @AfterEach
  void tearDown() {
    gateways.close();
  }

  static ObjectNode body(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aSessionRunsEndToEndThroughTheApiAndEndsVerifiedWithTheClaims() throws Exception {
    Gateway g = gateways.start("api-1", broker);
    GatewayClient client = TestGateways.client(g);

    GatewayClient.Response created = client.request(HttpMethod.POST, "/sessions", body("{\"preset\": \"pid\"}")).block(WAIT);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Content-Type")).isEqualTo("application/json");
    JsonNode session = created.json();
    String id = session.path("id").asText();
    assertThat(created.header("Location")).isEqualTo("/sessions/" + id);
    assertThat(session.path("state").asText()).isEqualTo("ENGAGED");
    assertThat(session.path("preset").asText()).isEqualTo("pid");
    String uri = session.path("engagement_uri").asText();
    assertThat(uri).startsWith("openid4vp://connect?").contains("topicId=" + id).contains("brokerUrl=");

    GatewayClient.Response qr = client.request(HttpMethod.GET, "/sessions/" + id + "/qr.png", null).block(WAIT);
    assertThat(qr.status()).isEqualTo(200);
    assertThat(qr.header("Content-Type")).isEqualTo("image/png");
    assertThat(decodeQr(qr.body())).isEqualTo(uri);

    CompletableFuture<List<SseEvent>> events = client.events(id).collectList().toFuture();
    WalletOutcome wallet = TestGateways.wallet().session(uri).result().block(WAIT);
    assertThat(wallet.state()).isEqualTo(WalletState.SUBMITTED);

    List<SseEvent> received = events.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(received).extracting(SseEvent::event).containsExactly("state", "state", "state", "state", "state", "outcome");
    assertThat(received.subList(0, 5)).extracting(e -> JSON.readTree(e.data()).path("state").asText())
        .containsExactly("CREATED", "ENGAGED", "CONNECTED", "REQUESTED", "ACCEPTED");
    assertThat(received).extracting(SseEvent::id).containsExactly("1", "2", "3", "4", "5", "6");
    JsonNode outcomeEvent = JSON.readTree(received.get(5).data());
    assertThat(outcomeEvent.path("state").asText()).isEqualTo("ACCEPTED");
    assertThat(outcomeEvent.path("verified").asBoolean()).isTrue();

    JsonNode done = client.get(id).block(WAIT);
    assertThat(done.path("state").asText()).isEqualTo("ACCEPTED");
    assertThat(done.path("ended_at").isTextual()).isTrue();
    assertThat(done.path("timeline")).hasSize(5);
    JsonNode outcome = done.path("outcome");
    assertThat(outcome.path("verified").asBoolean()).isTrue();
    assertThat(outcome.path("validation").path("verified").asBoolean()).isTrue();
    JsonNode claims = outcome.path("claims").path("pid");
    assertThat(claims.path("given_name").asText()).isEqualTo("Erika");
    assertThat(claims.path("family_name").asText()).isEqualTo("Mustermann");
    assertThat(claims.path("age_equal_or_over").path("18").asBoolean()).isTrue();
    assertThat(claims.has("birthdate")).as("only what was asked is disclosed").isFalse();
    assertThat(outcome.has("vp_token")).as("raw presentations are not kept by default").isFalse();

    // The events of an ended session are replayed, then the stream ends.
    assertThat(client.events(id).collectList().block(WAIT)).hasSize(6);
    // Its QR code is gone.
    GatewayClient.Response gone = client.request(HttpMethod.GET, "/sessions/" + id + "/qr.png", null).block(WAIT);
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(g.mqtt().stats().subscriptions()).as("the session's topics are unsubscribed").isZero();
  }

  @Test
  void anInlineDcqlQueryWorksAndAnUntrustedIssuerGivesAnAcceptedButUnverifiedOutcome() {
    Gateway g = gateways.start("api-2", broker);
    GatewayClient client = TestGateways.client(g);
    ObjectNode body = JSON.createObjectNode();
    body.set("dcql_query", body("{\"credentials\": [{\"id\": \"pid\", \"format\": \"dc+sd-jwt\", "
        + "\"meta\": {\"vct_values\": [\"urn:eudi:pid:1\"]}, \"claims\": [{\"path\": [\"family_name\"]}]}]}"));
    GatewayClient.Created created = client.create(body).block(WAIT);

    var stranger = SdJwtPresenter.of(TestCredentials.pid(SdJwtVcIssuer.generate()).held());
    WalletOutcome wallet = TestGateways.wallet(stranger).session(created.engagementUri()).result().block(WAIT);
    assertThat(wallet.state()).isEqualTo(WalletState.SUBMITTED);

    JsonNode outcome = client.events(created.id()).filter(e -> e.event().equals("outcome")).next()
        .map(e -> readTree(e.data())).block(WAIT);
    assertThat(outcome.path("state").asText()).isEqualTo("ACCEPTED");
    assertThat(outcome.path("verified").asBoolean()).isFalse();
    assertThat(outcome.path("validation").path("reasons").toString()).contains("sd_jwt.issuer_untrusted");
    assertThat(outcome.path("claims").isEmpty()).isTrue();
  }

  @Test
  void deleteCancelsARunningSessionAndReleasesItsSubscriptions() {
    Gateway g = gateways.start("api-3", broker);
    GatewayClient client = TestGateways.client(g);
    GatewayClient.Created created = client.create(body("{\"preset\": \"pid\"}")).block(WAIT);
    assertThat(g.mqtt().stats().subscriptions()).isEqualTo(3);

    JsonNode cancelled = client.cancel(created.id()).block(WAIT);
    assertThat(cancelled.path("state").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.path("outcome").path("error").path("type").asText()).isEqualTo("SessionCancelledException");
    assertThat(g.mqtt().stats().subscriptions()).isZero();
    assertThat(client.events(created.id()).map(e -> readTree(e.data()).path("state").asText()).collectList().block(WAIT))
        .containsExactly("CREATED", "ENGAGED", "CANCELLED", "CANCELLED");
    // Idempotent.
    assertThat(client.cancel(created.id()).block(WAIT).path("state").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void badRequestsAreAnsweredWithProblemDocumentsNamingWhatIsWrong() {
    Gateway g = gateways.start("api-4", broker);
    GatewayClient client = TestGateways.client(g);

    assertProblem(client.request(HttpMethod.POST, "/sessions", body("{\"preset\": \"nope\"}")).block(WAIT), 400, "bad-request", "unknown preset 'nope'");
    assertProblem(client.send(HttpMethod.POST, "/sessions", "application/json", "{not json".getBytes(StandardCharsets.UTF_8)).block(WAIT),
        400, "bad-request", "not JSON");
    assertProblem(client.request(HttpMethod.POST, "/sessions", body("{\"dcql_query\": {\"credentials\": []}}")).block(WAIT),
        400, "bad-request", "dcql_query: a DCQL query needs at least one credential query");
    assertProblem(client.request(HttpMethod.POST, "/sessions", body("{\"preset\": \"pid\", \"colour\": 1}")).block(WAIT),
        400, "bad-request", "unknown field 'colour'");
    assertProblem(client.send(HttpMethod.POST, "/sessions", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)).block(WAIT),
        415, "unsupported-media-type", "application/json");
    assertProblem(client.send(HttpMethod.POST, "/sessions", "application/json", new byte[70_000]).block(WAIT),
        413, "too-large", "65536");
    assertProblem(client.request(HttpMethod.GET, "/sessions/" + java.util.UUID.randomUUID(), null).block(WAIT), 404, "not-found", "no session");
    assertProblem(client.request(HttpMethod.GET, "/sessions/not-a-uuid/events", null).block(WAIT), 404, "not-found", "not a session id");
    GatewayClient.Response put = client.request(HttpMethod.PUT, "/sessions", body("{}")).block(WAIT);
    assertProblem(put, 405, "method-not-allowed", "PUT");
    assertThat(put.header("Allow")).isEqualTo("POST");
    assertProblem(client.request(HttpMethod.GET, "/nothing/here", null).block(WAIT), 404, "not-found", "/nothing/here");
    assertThat(g.sessions().pending()).as("no bad request created a session").isZero();
  }

  @Test
  void healthReportsTheBrokerAndMetricsCountSessionsFramesAndDurations() {
    Gateway g = gateways.start("api-5", broker);
    GatewayClient client = TestGateways.client(g);
    GatewayClient.Response health = client.request(HttpMethod.GET, "/health", null).block(WAIT);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("UP");
    assertThat(health.json().path("broker").path("state").asText()).isEqualTo("CONNECTED");
    assertThat(health.json().path("broker").path("url").asText()).isEqualTo(broker);
    assertThat(health.json().path("verifying").asBoolean()).isTrue();

    GatewayClient.Created created = client.create(body("{\"preset\": \"pid\"}")).block(WAIT);
    TestGateways.wallet().session(created.engagementUri()).result().block(WAIT);
    client.events(created.id()).then().block(WAIT);

    GatewayClient.Response metrics = client.request(HttpMethod.GET, "/metrics", null).block(WAIT);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    String text = metrics.text();
    assertThat(text)
        .contains("proxima_gateway_session_creations_total{instance=\"api-5\"} 1.0")
        .contains("proxima_gateway_sessions_ended_total{instance=\"api-5\",outcome=\"ACCEPTED\",verified=\"true\"} 1.0")
        .contains("proxima_gateway_sessions_active{instance=\"api-5\"} 0.0")
        .contains("proxima_gateway_session_duration_seconds_count{instance=\"api-5\",outcome=\"ACCEPTED\"} 1")
        .contains("proxima_gateway_session_duration_seconds_bucket{instance=\"api-5\",outcome=\"ACCEPTED\",le=")
        .contains("proxima_gateway_broker_connected{instance=\"api-5\"} 1.0")
        .contains("proxima_gateway_broker_state{instance=\"api-5\",state=\"CONNECTED\"} 1.0")
        .contains("proxima_gateway_broker_reconnects_total{instance=\"api-5\"} 0.0")
        .contains("proxima_gateway_decryption_failures_total{instance=\"api-5\"} 0.0");
    assertThat(metricValue(text, "proxima_gateway_frames_received_total")).as("Identify and submission").isGreaterThanOrEqualTo(2);
    assertThat(metricValue(text, "proxima_gateway_frames_published_total")).as("the request").isGreaterThanOrEqualTo(1);
  }

  static double metricValue(String prometheus, String name) {
    return prometheus.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  static void assertProblem(GatewayClient.Response r, int status, String slug, String detailPart) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.path("type").asText()).isEqualTo(Problem.TYPE_PREFIX + slug);
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("title").asText()).isNotBlank();
    assertThat(p.path("detail").asText()).contains(detailPart);
  }

  static JsonNode readTree(String s) {
    try {
      return JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static String decodeQr(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
  }
}
