package io.proxima.mqtt;

/**
 * How a gateway subscribes to the topics of its verifier sessions. See the module README for when
 * to pick which.
 */
public enum SubscriptionStrategy {
  /**
   * Each session subscribes to its own three topics ({@code /proof/{id}/presentation-submission/
   * identify|accept|reject}) and unsubscribes them when it ends: the broker routes, and any number
   * of gateway instances can share a broker cluster, each receiving only its own sessions'
   * traffic. Costs one SUBSCRIBE and one UNSUBSCRIBE round trip per session. The default.
   */
  PER_SESSION,
  /**
   * One subscription per gateway, {@value io.proxima.mqtt.MqttTopics#SUBMISSION_WILDCARD},
   * demultiplexed by topic id: no per-session subscription round trip, but the gateway receives
   * the submission traffic of every session on the broker, including other gateways' sessions,
   * and drops what is not its own. Suits a single gateway per broker.
   */
  WILDCARD
}
