package io.proxima.cli.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Server-Sent Events split across arbitrary chunks. */
class SseEventTest {

  @Test
  void eventsAreReassembledWhateverTheChunkingAndCommentsAreSkipped() {
    String stream = ": keep-alive\n\nid: 1\nevent: state\ndata: {\"state\":\"CREATED\"}\n\nid: 2\r\nevent: outcome\r\ndata: a\r\ndata: b\r\n\r\ndata: unfinished";
    for (int size = 1; size <= stream.length(); size++) {
      int n = size;
      List<String> chunks = new java.util.ArrayList<>();
      for (int i = 0; i < stream.length(); i += n) {
        chunks.add(stream.substring(i, Math.min(stream.length(), i + n)));
      }
      List<SseEvent> events = SseEvent.parse(Flux.fromIterable(chunks)).collectList().block(Duration.ofSeconds(5));
      assertThat(events).as("chunks of %d", n).containsExactly(
          new SseEvent("1", "state", "{\"state\":\"CREATED\"}"),
          new SseEvent("2", "outcome", "a\nb"));
    }
  }
}
