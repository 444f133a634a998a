package io.proxima.oid4vp;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.oid4vp.error.NoUsableTransportException;
import io.proxima.oid4vp.error.SwitchOverFailedException;
import io.proxima.oid4vp.presentation.PresentationProviders;
import io.proxima.oid4vp.testing.Fixtures;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

/**
 * Many sessions in one process on Reactor's shared schedulers (no thread per session), with a few
 * of them failing in different ways: the others are not affected.
 */
class ConcurrencyTest {

  static final int SESSIONS = 1000;

  enum Kind { NORMAL, CUT, WALLET_BUG, REJECT, BYSTANDER }

  record Result(Kind kind, VerifierOutcome verifier, WalletOutcome wallet) {}

  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport mqtt = InMemoryTransport.create(hub);
  final InMemoryTransport ble = InMemoryTransport.create(hub).type(TransportType.BLE);
  final Verifier verifier = Verifier.create(Fixtures.SIGNER).transport(mqtt).transport(ble);
  final Verifier impatient =
      verifier.timeouts(VerifierTimeouts.DEFAULTS.withResponse(Duration.ofSeconds(3)).withSwitchOver(Duration.ofSeconds(3)));

  static Kind kindOf(int i) {
    return switch (i % 50) {
      case 0 -> Kind.CUT;
      case 1 -> Kind.WALLET_BUG;
      case 2 -> Kind.REJECT;
      case 3 -> Kind.BYSTANDER;
      default -> Kind.NORMAL;
    };
  }

  Mono<Result> run(int i) {
    Kind kind = kindOf(i);
    VerifierSession session = (kind == Kind.WALLET_BUG ? impatient : verifier).session(Fixtures.pidQuery());
    TransportType preferred = i % 2 == 0 ? TransportType.MQTT : TransportType.BLE;
    return session.engagement().flatMap(engagement -> {
      Wallet wallet = Wallet.create(Fixtures.presentingPid())
          .transports(preferred == TransportType.MQTT ? TransportsConfig.ordered(TransportType.MQTT, TransportType.BLE)
              : TransportsConfig.ordered(TransportType.BLE, TransportType.MQTT))
          .transport(mqtt).transport(ble);
      switch (kind) {
        case CUT -> hub.cut(session.sessionId());
        case WALLET_BUG -> wallet = wallet.provider(r -> Mono.error(new IllegalStateException("wallet bug")));
        case REJECT -> wallet = wallet.provider(PresentationProviders.rejecting("no"));
        case BYSTANDER -> wallet = wallet.transports(TransportsConfig.ordered(TransportType.MQTT)).provider(r -> bystander(engagement)
            .then(Fixtures.presentingPid().present(r)));
        default -> { }
      }
      return Mono.zip(session.result(), wallet.session(engagement).result())
          .map((Tuple2<VerifierOutcome, WalletOutcome> t) -> new Result(kind, t.getT1(), t.getT2()));
    });
  }

  /** Someone else on the topic publishes forged submissions while the user decides. */
  Mono<Void> bystander(Engagement engagement) {
    return Mono.usingWhen(
        mqtt.connect(engagement),
        (FrameConnection c) -> c.send(Flux.range(0, 5).map(n -> Frame.of(FrameKind.SUBMISSION, new byte[32 + n]))),
        FrameConnection::close)
        .then(Mono.delay(Duration.ofMillis(100)).then());
  }

  @Test
  void aThousandConcurrentSessionsStayIsolated() {
    List<Result> results = Flux.range(0, SESSIONS).flatMap(this::run, SESSIONS).collectList().block(Duration.ofSeconds(90));
    assertThat(results).hasSize(SESSIONS);
    Map<Kind, List<Result>> byKind = results.stream().collect(Collectors.groupingBy(Result::kind));

    for (Result r : byKind.get(Kind.NORMAL)) {
      assertThat(r.verifier().state()).as(r.verifier().toString()).isEqualTo(VerifierState.ACCEPTED);
      assertThat(r.verifier().submission().vpToken()).isEqualTo(Fixtures.pidToken());
      assertThat(r.verifier().stats().ignoredFrames()).isZero();
      assertThat(r.wallet().state()).isEqualTo(WalletState.SUBMITTED);
    }
    assertThat(byKind.get(Kind.NORMAL).stream().map(r -> r.verifier().transport()).distinct())
        .containsExactlyInAnyOrder(TransportType.MQTT, TransportType.BLE);
    for (Result r : byKind.get(Kind.CUT)) {
      assertThat(r.verifier().state()).isEqualTo(VerifierState.FAILED);
      assertThat(r.verifier().failure()).isInstanceOf(NoUsableTransportException.class);
      assertThat(r.wallet().state()).isEqualTo(WalletState.FAILED);
    }
    for (Result r : byKind.get(Kind.WALLET_BUG)) {
      assertThat(r.wallet().state()).isEqualTo(WalletState.FAILED);
      assertThat(r.wallet().failure()).hasMessage("wallet bug");
      if (r.verifier().transport() == TransportType.MQTT) {
        // Over MQTT the verifier cannot tell: it waits for its response timeout.
        assertThat(r.verifier().state()).isEqualTo(VerifierState.EXPIRED);
      } else {
        // Over BLE the wallet's disconnect is link loss and the wallet does not come back on MQTT;
        // under load the response timeout may come first.
        assertThat(r.verifier().state()).as(r.verifier().toString()).isIn(VerifierState.FAILED, VerifierState.EXPIRED);
        if (r.verifier().state() == VerifierState.FAILED) {
          assertThat(r.verifier().failure()).isInstanceOf(SwitchOverFailedException.class);
        }
      }
    }
    for (Result r : byKind.get(Kind.REJECT)) {
      assertThat(r.verifier().state()).isEqualTo(VerifierState.REJECTED);
      assertThat(r.wallet().state()).isEqualTo(WalletState.REJECTED);
    }
    for (Result r : byKind.get(Kind.BYSTANDER)) {
      assertThat(r.verifier().state()).isEqualTo(VerifierState.ACCEPTED);
      assertThat(r.verifier().transport()).isEqualTo(TransportType.MQTT);
    }
    assertThat(byKind.get(Kind.BYSTANDER).stream().mapToLong(r -> r.verifier().stats().ignoredFrames()).sum())
        .as("forged submissions were seen and ignored").isPositive();
    assertThat(byKind.values().stream().mapToInt(List::size).sum()).isEqualTo(SESSIONS);
    assertThat(hub.activeSessions()).as("sessions left on the hub").isZero();
    assertThat(byKind.keySet()).containsExactlyInAnyOrder(Kind.values());
    assertThat(results.stream().map(r -> r.verifier().sessionId()).distinct().count()).isEqualTo(SESSIONS);
    assertThat(results.stream().collect(Collectors.groupingBy(r -> r.verifier().state(), Collectors.counting())))
        .containsEntry(VerifierState.ACCEPTED, (long) byKind.get(Kind.NORMAL).size() + byKind.get(Kind.BYSTANDER).size());
  }
}
