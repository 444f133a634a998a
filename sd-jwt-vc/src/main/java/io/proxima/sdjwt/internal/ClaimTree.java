package io.proxima.sdjwt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.SdJwtVc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The processed payload of an SD-JWT (RFC 9901 §7.1 step 3) as a tree that remembers which
 * disclosure revealed each claim. The verifier turns it into the disclosed claims; the wallet
 * uses the provenance to pick the minimal set of disclosures for a query.
 *
 * <p>{@link #decode} is strict: it rejects, each with its own reason code, an {@code _sd} that is
 * not an array of strings, a digest seen twice, a disclosure of the wrong kind for its place, a
 * claim name that already exists at its level, a top-level disclosure of a claim an SD-JWT VC
 * must not disclose, and a disclosure no digest refers to.
 */
public final class ClaimTree {

  /** A node of the processed payload. */
  public sealed interface Node permits Obj, Arr, Leaf {}

  /**
   * A claim or array element in its parent, with the disclosure that revealed it (null when it
   * is always visible).
   */
  public record Member(Node node, @Nullable ParsedDisclosure source) {}

  /** A JSON object. */
  public static final class Obj implements Node {
    private final Map<String, Member> members = new LinkedHashMap<>();

    public Map<String, Member> members() {
      return Collections.unmodifiableMap(members);
    }
  }

  /** A JSON array (without the undisclosed elements). */
  public static final class Arr implements Node {
    private final List<Member> elements = new ArrayList<>();

    public List<Member> elements() {
      return Collections.unmodifiableList(elements);
    }
  }

  /** A string, number, boolean or null. */
  public record Leaf(JsonNode value) implements Node {}

  /** Deeper nesting (through recursive disclosures too) is refused: bounded recursion, bounded work. */
  public static final int MAX_DEPTH = 128;

  private static final String SD = "_sd";
  private static final String SD_ALG = "_sd_alg";
  private static final String ELLIPSIS = "...";

  private final Map<String, ParsedDisclosure> byDigest;
  private final Set<String> seenDigests = new HashSet<>();
  private final Set<ParsedDisclosure> used = Collections.newSetFromMap(new IdentityHashMap<>());
  private int depth;

  private ClaimTree(Map<String, ParsedDisclosure> byDigest) {
    this.byDigest = byDigest;
  }

  /**
   * Processes a payload with disclosures.
   *
   * @throws CheckFailure with a disclosure-check code of {@link SdJwtReasons}
   */
  public static Obj decode(ObjectNode payload, List<ParsedDisclosure> disclosures) throws CheckFailure {
    Map<String, ParsedDisclosure> byDigest = new LinkedHashMap<>();
    for (ParsedDisclosure d : disclosures) {
      if (byDigest.putIfAbsent(d.digest(), d) != null) {
        throw new CheckFailure(SdJwtReasons.DIGEST_DUPLICATE, "the same disclosure is presented twice");
      }
    }
    ClaimTree decoder = new ClaimTree(byDigest);
    Obj root = decoder.object(payload, true);
    int unreferenced = 0;
    for (ParsedDisclosure d : disclosures) {
      if (!decoder.used.contains(d)) {
        unreferenced++;
      }
    }
    if (unreferenced > 0) {
      throw new CheckFailure(SdJwtReasons.DISCLOSURE_UNREFERENCED, unreferenced + " disclosure(s) match no digest of the credential");
    }
    return root;
  }

  private Obj object(ObjectNode json, boolean topLevel) throws CheckFailure {
    Obj obj = new Obj();
    JsonNode sd = null;
    Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String name = e.getKey();
      if (SD.equals(name)) {
        sd = e.getValue();
      } else if (!(topLevel && SD_ALG.equals(name))) {
        obj.members.put(name, new Member(value(e.getValue()), null));
      }
    }
    if (sd != null) {
      if (!sd.isArray()) {
        throw new CheckFailure(SdJwtReasons.DISCLOSURE_MALFORMED, "an _sd claim is not an array");
      }
      for (JsonNode digestNode : sd) {
        if (!digestNode.isTextual()) {
          throw new CheckFailure(SdJwtReasons.DISCLOSURE_MALFORMED, "an _sd array holds a value that is not a string");
        }
        String digest = digestNode.asText();
        markSeen(digest);
        ParsedDisclosure d = byDigest.get(digest);
        if (d == null) {
          continue;
        }
        if (d.isArrayElement()) {
          throw new CheckFailure(SdJwtReasons.DISCLOSURE_MISPLACED, "an array-element disclosure is referenced from an _sd array");
        }
        String name = d.name();
        if (obj.members.containsKey(name)) {
          throw new CheckFailure(SdJwtReasons.CLAIM_NAME_CONFLICT, "disclosed claim " + printable(name) + " already exists at its level");
        }
        if (topLevel && SdJwtVc.NON_DISCLOSABLE_CLAIMS.contains(name)) {
          throw new CheckFailure(SdJwtReasons.PROTECTED_CLAIM_DISCLOSED, "claim " + name + " must not be selectively disclosed");
        }
        used.add(d);
        obj.members.put(name, new Member(value(d.value()), d));
      }
    }
    return obj;
  }

  private Arr array(ArrayNode json) throws CheckFailure {
    Arr arr = new Arr();
    for (JsonNode element : json) {
      if (element.isObject() && element.size() == 1 && element.has(ELLIPSIS) && element.get(ELLIPSIS).isTextual()) {
        String digest = element.get(ELLIPSIS).asText();
        markSeen(digest);
        ParsedDisclosure d = byDigest.get(digest);
        if (d == null) {
          continue;
        }
        if (!d.isArrayElement()) {
          throw new CheckFailure(SdJwtReasons.DISCLOSURE_MISPLACED, "a claim disclosure is referenced from an array element");
        }
        used.add(d);
        arr.elements.add(new Member(value(d.value()), d));
      } else {
        arr.elements.add(new Member(value(element), null));
      }
    }
    return arr;
  }

  private Node value(JsonNode json) throws CheckFailure {
    if (!json.isContainerNode()) {
      return new Leaf(json);
    }
    if (++depth > MAX_DEPTH) {
      throw new CheckFailure(SdJwtReasons.DISCLOSURE_MALFORMED, "claims nest deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return json.isObject() ? object((ObjectNode) json, false) : array((ArrayNode) json);
    } finally {
      depth--;
    }
  }

  private void markSeen(String digest) throws CheckFailure {
    if (!seenDigests.add(digest)) {
      throw new CheckFailure(SdJwtReasons.DIGEST_DUPLICATE, "a digest occurs more than once in the credential");
    }
  }

  /** The processed payload as JSON: disclosed claims in place, no {@code _sd}, no {@code _sd_alg}. */
  public static JsonNode toJson(Node node) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node instanceof Obj obj) {
      ObjectNode out = f.objectNode();
      obj.members.forEach((name, m) -> out.set(name, toJson(m.node())));
      return out;
    }
    if (node instanceof Arr arr) {
      ArrayNode out = f.arrayNode();
      arr.elements.forEach(m -> out.add(toJson(m.node())));
      return out;
    }
    return ((Leaf) node).value().deepCopy();
  }

  /** Every disclosure inside a node (what revealing the node in full takes), in document order. */
  public static Set<ParsedDisclosure> disclosuresWithin(Node node) {
    Set<ParsedDisclosure> out = new LinkedHashSet<>();
    collect(node, out);
    return out;
  }

  private static void collect(Node node, Set<ParsedDisclosure> out) {
    if (node instanceof Obj obj) {
      for (Member m : obj.members.values()) {
        addSource(m, out);
        collect(m.node(), out);
      }
    } else if (node instanceof Arr arr) {
      for (Member m : arr.elements) {
        addSource(m, out);
        collect(m.node(), out);
      }
    }
  }

  private static void addSource(Member m, Set<ParsedDisclosure> out) {
    if (m.source() != null) {
      out.add(m.source());
    }
  }

  /**
   * Where the given disclosures are, as readable paths ({@code address.locality},
   * {@code nationalities[1]}), in document order.
   */
  public static List<String> describe(Obj root, Set<ParsedDisclosure> selected) {
    List<String> out = new ArrayList<>();
    describe(root, "", selected, out);
    return out;
  }

  private static void describe(Node node, String prefix, Set<ParsedDisclosure> selected, List<String> out) {
    if (node instanceof Obj obj) {
      for (Map.Entry<String, Member> e : obj.members.entrySet()) {
        String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        if (e.getValue().source() != null && selected.contains(e.getValue().source())) {
          out.add(path);
        }
        describe(e.getValue().node(), path, selected, out);
      }
    } else if (node instanceof Arr arr) {
      for (int i = 0; i < arr.elements.size(); i++) {
        Member m = arr.elements.get(i);
        String path = prefix + "[" + i + "]";
        if (m.source() != null && selected.contains(m.source())) {
          out.add(path);
        }
        describe(m.node(), path, selected, out);
      }
    }
  }

  public static String printable(@Nullable String s) {
    if (s == null) {
      return "(none)";
    }
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
