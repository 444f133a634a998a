package io.proxima.oid4vp.dcql;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A claims path pointer (OpenID4VP 1.0 §7): a non-empty list whose elements are a string (an
 * object key), a non-negative integer (an array index) or {@code null} (every array element).
 * For mdoc the path is {@code [namespace, element identifier]}.
 */
public final class ClaimPath {

  private final List<@Nullable Object> elements;

  private ClaimPath(List<@Nullable Object> elements) {
    if (elements.isEmpty()) {
      throw new IllegalArgumentException("claim path must not be empty");
    }
    for (Object e : elements) {
      if (e != null && !(e instanceof String) && !(e instanceof Integer i && i >= 0)) {
        throw new IllegalArgumentException("claim path elements are strings, non-negative integers or null, got " + e);
      }
    }
    this.elements = Collections.unmodifiableList(new ArrayList<>(elements));
  }

  /** A path from its elements. @throws IllegalArgumentException if it is empty or has an invalid element */
  @JsonCreator
  public static ClaimPath of(List<@Nullable Object> elements) {
    return new ClaimPath(Objects.requireNonNull(elements, "elements"));
  }

  /** A path of object keys, e.g. {@code ClaimPath.keys("address", "street_address")}. */
  public static ClaimPath keys(String... keys) {
    return new ClaimPath(List.of((Object[]) keys));
  }

  @JsonValue
  public List<@Nullable Object> elements() {
    return elements;
  }

  /**
   * The path as a JSONPath for a presentation definition (V1): {@code $.a.b[0]}, with
   * {@code [*]} for null, and bracket notation for keys that are not simple identifiers.
   */
  public String toJsonPath() {
    StringBuilder sb = new StringBuilder("$");
    for (Object e : elements) {
      if (e == null) {
        sb.append("[*]");
      } else if (e instanceof Integer i) {
        sb.append('[').append(i).append(']');
      } else {
        String key = (String) e;
        if (key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          sb.append('.').append(key);
        } else {
          sb.append("['").append(key.replace("\\", "\\\\").replace("'", "\\'")).append("']");
        }
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClaimPath other && elements.equals(other.elements);
  }

  @Override
  public int hashCode() {
    return elements.hashCode();
  }

  @Override
  public String toString() {
    return elements.toString();
  }
}
