package io.proxima.cli.gateway;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tests log through slf4j-simple, which writes to stderr synchronously. That console write is a
 * test artefact (the application logs through an asynchronous logback appender), so it is allowed
 * on event loops; every other blocking call there still fails the test.
 */
public final class TestLoggingBlockHoundIntegration implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside("org.slf4j.simple.SimpleLogger", "write");
  }
}
