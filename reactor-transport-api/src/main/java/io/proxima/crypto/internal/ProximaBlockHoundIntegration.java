package io.proxima.crypto.internal;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound, when an application installs it, about the one blocking call Proxima makes on
 * purpose: seeding the DRBG from the operating system, once per JVM, in {@link Randomness}.
 * Loaded through {@link java.util.ServiceLoader}; BlockHound is an optional dependency.
 */
public final class ProximaBlockHoundIntegration implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside(Randomness.class.getName(), "create");
  }
}
