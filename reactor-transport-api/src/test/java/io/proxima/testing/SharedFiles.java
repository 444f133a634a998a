package io.proxima.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the material shared beside the project ({@code ../shared}: PROTOCOL.md, test vectors).
 * Missing files fail the test; they never skip it.
 */
public final class SharedFiles {

  private SharedFiles() {}

  /** The project root: {@code -Dproxima.root} (set by the build), else found by walking up. */
  public static Path projectRoot() {
    String configured = System.getProperty("proxima.root");
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("reactor-transport-api")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("cannot find the project root from " + Paths.get("").toAbsolutePath());
  }

  /** {@code ../shared} relative to the project root; fails if absent. */
  public static Path sharedDir() {
    Path shared = projectRoot().resolve("../shared").normalize();
    if (!Files.isDirectory(shared)) {
      throw new AssertionError("shared material not found at " + shared);
    }
    return shared;
  }

  /** A Wycheproof file from {@code ../shared/testvectors/wycheproof}; fails if absent. */
  public static Path wycheproof(String fileName) {
    Path file = sharedDir().resolve("testvectors/wycheproof").resolve(fileName);
    if (!Files.isRegularFile(file)) {
      throw new AssertionError("Wycheproof vectors not found at " + file);
    }
    return file;
  }
}
