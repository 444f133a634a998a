package io.proxima.engagement;

/** Where a wallet reaches the verifier over one transport: the part of the engagement that transport owns. */
public sealed interface EngagementEndpoint permits MqttEndpoint, BleEndpoint {

  /** The transport this endpoint belongs to. */
  TransportType type();
}
