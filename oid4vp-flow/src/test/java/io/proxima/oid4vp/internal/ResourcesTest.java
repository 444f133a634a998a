package io.proxima.oid4vp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import io.proxima.transport.memory.InMemoryHub;
import io.proxima.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class ResourcesTest {

  static final Duration WAIT = Duration.ofSeconds(5);

  final InMemoryHub hub = InMemoryHub.create();
  final InMemoryTransport transport = InMemoryTransport.create(hub);

  @Test
  void releaseClosesConnectionsAndListenersAndWipesKeys() {
    Resources resources = new Resources();
    SessionListener listener = transport.listen(SessionId.random()).block(WAIT);
    X25519KeyPair keys = X25519KeyPair.generate();
    Engagement engagement = Engagement.builder().key(keys.publicKey()).endpoint(listener.endpoint()).build();
    FrameConnection connection = transport.connect(engagement).block(WAIT);
    Draft00Session draft = Draft00Session.forWallet(engagement.sessionId(), keys.publicKey(), IdentifyVersion.V2);
    AtomicBoolean disposed = new AtomicBoolean();
    resources.add(listener);
    resources.add(connection);
    resources.add(draft);
    resources.add(keys);
    resources.add((reactor.core.Disposable) () -> disposed.set(true));

    resources.release(WAIT, Schedulers.parallel()).block(WAIT);

    assertThat(hub.activeSessions()).isZero();
    assertThat(connection.currentState()).isEqualTo(ConnectionState.CLOSED);
    assertThat(draft.isClosed()).isTrue();
    assertThat(keys.isDestroyed()).isTrue();
    assertThat(disposed).isTrue();
    assertThatThrownBy(() -> keys.agree(new byte[32], null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void assemblingTheReleaseDoesNothingUntilSubscribed() {
    Resources resources = new Resources();
    Mono<Void> release = resources.release(WAIT, Schedulers.parallel());
    X25519KeyPair late = X25519KeyPair.generate();
    resources.add(late);
    assertThat(late.isDestroyed()).as("a resource added after assembling the release is still held").isFalse();
    release.block(WAIT);
    assertThat(late.isDestroyed()).isTrue();
  }

  @Test
  void whatIsAddedAfterTheReleaseIsClosedAtOnce() {
    Resources resources = new Resources();
    resources.release(WAIT, Schedulers.parallel()).block(WAIT);
    X25519KeyPair late = X25519KeyPair.generate();
    resources.add(late);
    assertThat(late.isDestroyed()).isTrue();
    // Releasing again is a no-op that completes.
    resources.release(WAIT, Schedulers.parallel()).block(WAIT);
  }
}
