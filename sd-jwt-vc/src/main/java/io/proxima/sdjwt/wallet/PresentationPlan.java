package io.proxima.sdjwt.wallet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a wallet would answer a query: the presentations per credential query id, or why it cannot.
 *
 * @param presentations per credential query id, the presentations (empty when unsatisfied)
 * @param unsatisfied why the query cannot be answered (no values, only paths and types), or null
 */
public record PresentationPlan(Map<String, List<PlannedPresentation>> presentations, @Nullable String unsatisfied) {

  public PresentationPlan {
    Map<String, List<PlannedPresentation>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(presentations, "presentations").forEach((k, v) -> copy.put(k, List.copyOf(v)));
    presentations = Collections.unmodifiableMap(copy);
    if (unsatisfied != null && !presentations.isEmpty()) {
      throw new IllegalArgumentException("an unsatisfied plan has no presentations");
    }
  }

  static PresentationPlan of(Map<String, List<PlannedPresentation>> presentations) {
    return new PresentationPlan(presentations, null);
  }

  static PresentationPlan unsatisfied(String reason) {
    return new PresentationPlan(Map.of(), reason);
  }

  /** Whether the wallet can answer. */
  public boolean satisfied() {
    return unsatisfied == null;
  }
}
