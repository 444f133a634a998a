package io.proxima.sdjwt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.oid4vp.dcql.ClaimPath;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.sdjwt.internal.ClaimTree.Arr;
import io.proxima.sdjwt.internal.ClaimTree.Leaf;
import io.proxima.sdjwt.internal.ClaimTree.Member;
import io.proxima.sdjwt.internal.ClaimTree.Node;
import io.proxima.sdjwt.internal.ClaimTree.Obj;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Claims path pointers (OpenID4VP 1.0 §7.1) applied to a {@link ClaimTree}: a string selects a
 * key of the selected objects, an integer an index of the selected arrays, null every element.
 * A component applied to an element of the wrong kind aborts processing (no match); an empty
 * selection at the end is no match.
 *
 * <p>Each selected element carries the disclosures needed to reveal it where it is: those of its
 * ancestors and, for an index, those of the array elements before it, so the index still points
 * at it after the verifier drops undisclosed elements.
 */
public final class ClaimSelection {

  /** A selected element and the disclosures that reveal it in place (not its own contents). */
  public record Hit(Node node, Set<ParsedDisclosure> path) {}

  private ClaimSelection() {}

  /** The elements a path selects; empty when processing aborts or nothing is selected. */
  public static List<Hit> select(Obj root, ClaimPath path) {
    List<Hit> current = List.of(new Hit(root, Set.of()));
    for (Object component : path.elements()) {
      List<Hit> next = new ArrayList<>();
      for (Hit hit : current) {
        if (component instanceof String key) {
          if (!(hit.node() instanceof Obj obj)) {
            return List.of();
          }
          Member m = obj.members().get(key);
          if (m != null) {
            next.add(new Hit(m.node(), extend(hit.path(), m)));
          }
        } else if (component == null) {
          if (!(hit.node() instanceof Arr arr)) {
            return List.of();
          }
          for (Member m : arr.elements()) {
            next.add(new Hit(m.node(), extend(hit.path(), m)));
          }
        } else if (component instanceof Integer index) {
          if (!(hit.node() instanceof Arr arr)) {
            return List.of();
          }
          if (index < arr.elements().size()) {
            Set<ParsedDisclosure> path2 = new LinkedHashSet<>(hit.path());
            for (int i = 0; i <= index; i++) {
              Member m = arr.elements().get(i);
              if (m.source() != null) {
                path2.add(m.source());
              }
            }
            next.add(new Hit(arr.elements().get(index).node(), path2));
          }
        } else {
          return List.of();
        }
      }
      current = next;
    }
    return current;
  }

  /**
   * The elements a claims query selects: those of its path, and with {@code values} only the
   * ones whose type and value equal one of them (so only matching array elements are disclosed).
   */
  public static List<Hit> select(Obj root, ClaimsQuery claim) {
    List<Hit> hits = select(root, claim.path());
    List<JsonNode> values = claim.values();
    if (values == null) {
      return hits;
    }
    return hits.stream().filter(h -> h.node() instanceof Leaf leaf && values.stream().anyMatch(v -> sameValue(leaf.value(), v))).toList();
  }

  /** Type and value equality for DCQL value matching; numbers compare by value (1 equals 1.0 is false: types differ). */
  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      if (a.isIntegralNumber() != b.isIntegralNumber()) {
        return false;
      }
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  /** Every disclosure needed to reveal the hits in full: their path and their contents. */
  public static Set<ParsedDisclosure> disclosuresFor(List<Hit> hits) {
    Set<ParsedDisclosure> out = new LinkedHashSet<>();
    for (Hit h : hits) {
      out.addAll(h.path());
      out.addAll(ClaimTree.disclosuresWithin(h.node()));
    }
    return out;
  }

  private static Set<ParsedDisclosure> extend(Set<ParsedDisclosure> path, Member m) {
    if (m.source() == null) {
      return path;
    }
    Set<ParsedDisclosure> out = new LinkedHashSet<>(path);
    out.add(m.source());
    return out;
  }
}
