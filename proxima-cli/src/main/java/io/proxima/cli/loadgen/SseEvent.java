package io.proxima.cli.loadgen;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * One Server-Sent Event.
 *
 * @param id the {@code id} field, or null
 * @param event the {@code event} field ({@code message} when absent)
 * @param data the {@code data} lines joined with newlines
 */
public record SseEvent(@Nullable String id, String event, String data) {

  /**
   * Splits a text stream (arbitrary chunks) into events: fields until a blank line; comment lines
   * (starting with {@code :}) are skipped. Completes when the text does; an unfinished last event
   * is dropped, as the specification says.
   */
  public static Flux<SseEvent> parse(Flux<String> chunks) {
    return Flux.defer(
        () -> {
          StringBuilder pending = new StringBuilder();
          Builder current = new Builder();
          return chunks.concatMapIterable(chunk -> {
            pending.append(chunk);
            List<SseEvent> out = new ArrayList<>();
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
              String line = pending.substring(0, nl);
              pending.delete(0, nl + 1);
              if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
              }
              SseEvent done = current.line(line);
              if (done != null) {
                out.add(done);
              }
            }
            return out;
          });
        });
  }

  private static final class Builder {
    private @Nullable String id;
    private @Nullable String event;
    private @Nullable StringBuilder data;

    @Nullable SseEvent line(String line) {
      if (line.isEmpty()) {
        if (data == null && event == null) {
          return null;
        }
        SseEvent e = new SseEvent(id, event == null ? "message" : event, data == null ? "" : data.toString());
        id = null;
        event = null;
        data = null;
        return e;
      }
      if (line.startsWith(":")) {
        return null;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        default -> { }
      }
      return null;
    }
  }
}
