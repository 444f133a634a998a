package io.proxima.oid4vp;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a verifier session asks for: a DCQL query, sent to V2 wallets, and optionally an explicit
 * presentation definition for V1 (44-byte Identify) wallets. Without one, V1 wallets get the
 * definition {@linkplain PresentationDefinitions#fromDcql derived} from the DCQL query, whose
 * descriptor ids are the credential query ids.
 *
 * @param dcql the DCQL query
 * @param presentationDefinition the V1 presentation definition, or null to derive it
 */
public record PresentationQuery(DcqlQuery dcql, @Nullable JsonNode presentationDefinition) {

  public PresentationQuery {
    Objects.requireNonNull(dcql, "dcql");
    if (presentationDefinition != null) {
      if (!presentationDefinition.isObject()
          || !presentationDefinition.path("id").isTextual()
          || !presentationDefinition.path("input_descriptors").isArray()
          || presentationDefinition.path("input_descriptors").isEmpty()) {
        throw new IllegalArgumentException("a presentation definition needs an id and input_descriptors");
      }
      presentationDefinition = presentationDefinition.deepCopy();
    }
  }

  /** Asks with a DCQL query; V1 wallets get the derived presentation definition. */
  public static PresentationQuery of(DcqlQuery dcql) {
    return new PresentationQuery(dcql, null);
  }

  /** A copy of the explicit presentation definition, or null. */
  @Override
  public @Nullable JsonNode presentationDefinition() {
    return presentationDefinition == null ? null : presentationDefinition.deepCopy();
  }
}
