package io.proxima.oid4vp.internal;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound, when an application installs it, about the one lock the flow may wait on:
 * Jackson's deserializer cache takes a lock while it builds a deserializer for a type seen for the
 * first time. It is held for microseconds, once per type and mapper; {@link Json} warms the cache
 * for the flow's own types at start-up, so only other types can still meet it. Loaded through
 * {@link java.util.ServiceLoader}; BlockHound is an optional dependency.
 */
public final class FlowBlockHoundIntegration implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside("com.fasterxml.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
  }
}
