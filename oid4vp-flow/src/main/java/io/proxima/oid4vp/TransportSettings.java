package io.proxima.oid4vp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.engagement.TransportType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link TransportsConfig}, in the peer's format (PROTOCOL.md §6):
 * {@code {"type": "MQTT", "enabled": true, "order": 1, "params": {...}}}.
 *
 * @param type the transport
 * @param enabled whether it may be used (default true)
 * @param order preference: lower is preferred (default 0)
 * @param params transport-specific parameters (broker URL, TLS, adapter...), read by whoever
 *     builds the transport; the flow does not interpret them
 */
public record TransportSettings(
    @JsonProperty("type") TransportType type,
    @JsonProperty("enabled") boolean enabled,
    @JsonProperty("order") int order,
    @JsonProperty("params") ObjectNode params) {

  public TransportSettings {
    Objects.requireNonNull(type, "type");
    params = params == null ? JsonNodeFactory.instance.objectNode() : params.deepCopy();
  }

  @JsonCreator
  static TransportSettings fromJson(
      @JsonProperty(value = "type", required = true) TransportType type,
      @JsonProperty("enabled") @Nullable Boolean enabled,
      @JsonProperty("order") @Nullable Integer order,
      @JsonProperty("params") @Nullable ObjectNode params) {
    return new TransportSettings(
        type,
        enabled == null || enabled,
        order == null ? 0 : order,
        params == null ? JsonNodeFactory.instance.objectNode() : params);
  }

  /** Enabled, with this order and no parameters. */
  public static TransportSettings of(TransportType type, int order) {
    return new TransportSettings(type, true, order, JsonNodeFactory.instance.objectNode());
  }

  public TransportSettings withEnabled(boolean enable) {
    return new TransportSettings(type, enable, order, params);
  }

  public TransportSettings withOrder(int newOrder) {
    return new TransportSettings(type, enabled, newOrder, params);
  }

  public TransportSettings withParams(ObjectNode newParams) {
    return new TransportSettings(type, enabled, order, newParams);
  }

  /** A copy of the parameters. */
  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }
}
