package io.proxima.message;

/**
 * What a frame means in the protocol. Each kind travels in one direction only; transports refuse
 * to send a frame from the wrong side.
 *
 * <p>How each kind maps onto a transport (PROTOCOL.md §4 and §5):
 *
 * <table>
 *   <caption>Frame kinds on the wire</caption>
 *   <tr><th>kind</th><th>MQTT topic suffix</th><th>BLE characteristic</th></tr>
 *   <tr><td>IDENTIFY</td><td>presentation-submission/identify</td><td>Identify (0006)</td></tr>
 *   <tr><td>REQUEST</td><td>presentation-definition</td><td>Request Size + Presentation Request</td></tr>
 *   <tr><td>SUBMISSION</td><td>presentation-submission/accept</td><td>Content Size + Submit VC</td></tr>
 *   <tr><td>REJECTION</td><td>presentation-submission/reject</td><td>Content Size = 0</td></tr>
 *   <tr><td>DISCONNECT</td><td>(none: unsubscribe)</td><td>Disconnect (000B)</td></tr>
 * </table>
 */
public enum FrameKind {
  /** The wallet's plaintext Identify: its X25519 public key and nonce. */
  IDENTIFY(Role.WALLET),
  /** The verifier's encrypted, signed request object. */
  REQUEST(Role.VERIFIER),
  /** The wallet's encrypted presentation (vp_token). */
  SUBMISSION(Role.WALLET),
  /** The wallet declines. Over MQTT it carries an encrypted timestamp; over BLE it is empty. */
  REJECTION(Role.WALLET),
  /** The verifier asks the wallet to stop (BLE only; over MQTT the verifier just unsubscribes). */
  DISCONNECT(Role.VERIFIER);

  private final Role sender;

  FrameKind(Role sender) {
    this.sender = sender;
  }

  /** The role that sends frames of this kind. */
  public Role sender() {
    return sender;
  }

  /** The role that receives frames of this kind. */
  public Role receiver() {
    return sender.peer();
  }
}
