package io.proxima.ble.gatt;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The characteristics of the verifier's GATT service (PROTOCOL.md §5), with the properties the
 * peripheral declares, spelled as BlueZ's {@code GattCharacteristic1.Flags}.
 */
public enum Characteristic {
  /** Number of request chunks, u16 BE. */
  REQUEST_SIZE(0x0004, "Request Size", List.of("read")),
  /** The next request chunk; one chunk per read. */
  PRESENTATION_REQUEST(0x0005, "Presentation Request", List.of("read")),
  /** The wallet's Identify message. */
  IDENTIFY(0x0006, "Identify", List.of("write")),
  /** Number of submission chunks, u16 BE; 0 is a rejection. */
  CONTENT_SIZE(0x0007, "Content Size", List.of("write")),
  /** Submission chunks, written without response. */
  SUBMIT_VC(0x0008, "Submit VC", List.of("write-without-response")),
  /** Empty: "send me your report"; or the indices of missing request chunks. */
  TRANSFER_SUMMARY_REQUEST(0x0009, "Transfer Summary Request", List.of("write")),
  /** Empty: "send me your summary"; or the indices of missing submission chunks. */
  TRANSFER_SUMMARY_REPORT(0x000A, "Transfer Summary Report", List.of("read", "notify")),
  /** The verifier asks the wallet to stop. */
  DISCONNECT(0x000B, "Disconnect", List.of("read", "notify"));

  /** The primary service the verifier advertises. */
  public static final UUID SERVICE_UUID = UUID.fromString("00000001-5026-444a-9e0e-d6f2450f3a77");

  private final int shortId;
  private final String displayName;
  private final List<String> flags;
  private final UUID uuid;

  Characteristic(int shortId, String displayName, List<String> flags) {
    this.shortId = shortId;
    this.displayName = displayName;
    this.flags = flags;
    this.uuid = UUID.fromString(String.format(Locale.ROOT, "0000%04x-5026-444a-9e0e-d6f2450f3a77", shortId));
  }

  /** The XXXX of {@code 0000XXXX-5026-444A-9E0E-D6F2450F3A77}. */
  public int shortId() {
    return shortId;
  }

  public UUID uuid() {
    return uuid;
  }

  /** BlueZ flags: {@code read}, {@code write}, {@code write-without-response}, {@code notify}. */
  public List<String> flags() {
    return flags;
  }

  public boolean notifies() {
    return flags.contains("notify");
  }

  public String displayName() {
    return displayName;
  }

  /** The characteristic with this UUID (any case), if it is one of the service's. */
  public static Optional<Characteristic> of(String uuid) {
    for (Characteristic c : values()) {
      if (c.uuid.toString().equalsIgnoreCase(uuid)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return displayName;
  }
}
