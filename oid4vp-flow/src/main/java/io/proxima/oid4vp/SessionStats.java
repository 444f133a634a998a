package io.proxima.oid4vp;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.proxima.engagement.TransportType;
import java.util.List;

/**
 * Counters of one session, for reports and metrics.
 *
 * @param ignoredIdentifies Identify attempts ignored (malformed, low-order key, not the switch-over Identify)
 * @param ignoredFrames frames ignored (not decrypting: third parties on a shared topic, duplicates)
 * @param switchOvers how many times the session moved to another transport
 * @param transports the transports the session was connected over (the peer answered there), in
 *     order; more than one after a switch-over
 */
public record SessionStats(
    @JsonProperty("ignored_identifies") long ignoredIdentifies,
    @JsonProperty("ignored_frames") long ignoredFrames,
    @JsonProperty("switch_overs") int switchOvers,
    @JsonProperty("transports") List<TransportType> transports) {

  public SessionStats {
    transports = List.copyOf(transports);
  }
}
