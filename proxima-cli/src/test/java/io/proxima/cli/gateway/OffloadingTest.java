package io.proxima.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.engagement.Engagement;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.WalletTransport;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Inbound attempts and frames move to the scheduler, one at a time, and accept still binds through the wrapper. */
class OffloadingTest {

  static final Duration WAIT = Duration.ofSeconds(5);
  final InMemoryHub hub = InMemoryHub.create();
  final Scheduler scheduler = Schedulers.newSingle("offload-test");

  @AfterEach
  void tearDown() {
    scheduler.dispose();
  }

  @Test
  void attemptsAndFramesArriveOnTheSchedulerAndUnreadFramesStayBuffered() {
    InMemoryTransport memory = InMemoryTransport.create(hub);
    VerifierTransport verifier = Offloading.verifier(memory, scheduler);
    WalletTransport wallets = Offloading.wallet(memory, scheduler);
    assertThat(verifier.type()).isEqualTo(memory.type());

    SessionListener listener = verifier.listen(SessionId.random()).block(WAIT);
    FrameConnection wallet = wallets.connect(Engagement.builder().key(new byte[32]).endpoint(listener.endpoint()).build()).block(WAIT);
    byte[] identify = new byte[45];
    identify[44] = 2;
    wallet.send(Frame.of(FrameKind.IDENTIFY, identify)).block(WAIT);

    String[] thread = new String[1];
    InboundIdentify attempt = listener.identifies().doOnNext(i -> thread[0] = Thread.currentThread().getName()).blockFirst(WAIT);
    assertThat(thread[0]).startsWith("offload-test");
    assertThat(attempt.listener()).isSameAs(listener);
    FrameConnection connection = attempt.accept().block(WAIT);

    connection.send(Frame.of(FrameKind.REQUEST, bytes("request"))).block(WAIT);
    assertThat(wallet.receive().doOnNext(f -> thread[0] = Thread.currentThread().getName()).blockFirst(WAIT).payload())
        .isEqualTo(bytes("request"));
    assertThat(thread[0]).startsWith("offload-test");

    wallet.send(Frame.of(FrameKind.SUBMISSION, bytes("one"))).block(WAIT);
    wallet.send(Frame.of(FrameKind.SUBMISSION, bytes("two"))).block(WAIT);
    // Taking one frame and cancelling leaves the second for the next subscriber.
    assertThat(connection.receive().next().block(WAIT).payload()).isEqualTo(bytes("one"));
    assertThat(connection.receive().next().block(WAIT).payload()).isEqualTo(bytes("two"));

    connection.close().block(WAIT);
    wallet.close().block(WAIT);
    assertThat(hub.activeSessions()).isZero();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
