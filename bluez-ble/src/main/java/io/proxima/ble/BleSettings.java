package io.proxima.ble;

import io.proxima.ble.chunk.ChunkLimits;
import io.proxima.transport.internal.AbstractFrameConnection;
import java.time.Duration;
import java.util.Objects;

/**
 * How the BLE transport bounds its work. Immutable; {@code with} methods return copies.
 *
 * @param limits message size cap and resend rounds of the chunking protocol
 * @param setupTimeout registering and advertising (verifier); discovering, connecting and
 *     subscribing (wallet)
 * @param operationTimeout one GATT read or write
 * @param transferTimeout the longest pause inside a started transfer: between chunks, a summary
 *     and its report; also how long a wallet may take to fetch a request it was sent
 * @param requestTimeout how long a wallet waits, after Identify, for the verifier to offer its
 *     request (Request Size turns non-zero)
 * @param requestPollMax the longest pause between two reads of Request Size while it is 0
 * @param inboundCapacity frames buffered per connection before it fails
 */
public record BleSettings(
    ChunkLimits limits,
    Duration setupTimeout,
    Duration operationTimeout,
    Duration transferTimeout,
    Duration requestTimeout,
    Duration requestPollMax,
    int inboundCapacity) {

  public static final Duration DEFAULT_SETUP_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TRANSFER_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_POLL_MAX = Duration.ofMillis(250);

  /** The defaults. */
  public static final BleSettings DEFAULT =
      new BleSettings(
          ChunkLimits.DEFAULT,
          DEFAULT_SETUP_TIMEOUT,
          DEFAULT_OPERATION_TIMEOUT,
          DEFAULT_TRANSFER_TIMEOUT,
          DEFAULT_REQUEST_TIMEOUT,
          DEFAULT_REQUEST_POLL_MAX,
          AbstractFrameConnection.DEFAULT_INBOUND_CAPACITY);

  public BleSettings {
    Objects.requireNonNull(limits, "limits");
    positive(setupTimeout, "setupTimeout");
    positive(operationTimeout, "operationTimeout");
    positive(transferTimeout, "transferTimeout");
    positive(requestTimeout, "requestTimeout");
    positive(requestPollMax, "requestPollMax");
    if (inboundCapacity < 1) {
      throw new IllegalArgumentException("inboundCapacity must be positive");
    }
  }

  public BleSettings withLimits(ChunkLimits newLimits) {
    return new BleSettings(newLimits, setupTimeout, operationTimeout, transferTimeout, requestTimeout, requestPollMax, inboundCapacity);
  }

  public BleSettings withSetupTimeout(Duration timeout) {
    return new BleSettings(limits, timeout, operationTimeout, transferTimeout, requestTimeout, requestPollMax, inboundCapacity);
  }

  public BleSettings withOperationTimeout(Duration timeout) {
    return new BleSettings(limits, setupTimeout, timeout, transferTimeout, requestTimeout, requestPollMax, inboundCapacity);
  }

  public BleSettings withTransferTimeout(Duration timeout) {
    return new BleSettings(limits, setupTimeout, operationTimeout, timeout, requestTimeout, requestPollMax, inboundCapacity);
  }

  public BleSettings withRequestTimeout(Duration timeout) {
    return new BleSettings(limits, setupTimeout, operationTimeout, transferTimeout, timeout, requestPollMax, inboundCapacity);
  }

  public BleSettings withInboundCapacity(int capacity) {
    return new BleSettings(limits, setupTimeout, operationTimeout, transferTimeout, requestTimeout, requestPollMax, capacity);
  }

  private static void positive(Duration d, String name) {
    if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
