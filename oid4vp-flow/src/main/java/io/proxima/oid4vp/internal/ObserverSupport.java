package io.proxima.oid4vp.internal;

import io.proxima.oid4vp.SessionEvent;
import io.proxima.oid4vp.SessionObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link SessionObserver}, shielding the session from whatever it throws. */
public final class ObserverSupport {

  private static final Logger log = LoggerFactory.getLogger(ObserverSupport.class);

  private final SessionObserver observer;

  public ObserverSupport(SessionObserver observer) {
    this.observer = observer;
  }

  public void emit(SessionEvent event) {
    try {
      observer.onEvent(event);
    } catch (RuntimeException e) {
      log.debug("[session {}] session observer threw {}", event.sessionId(), e.toString());
    }
  }
}
