package io.proxima.cli.support;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * QR codes of engagement URIs (zxing): for a terminal with Unicode half blocks (two module rows
 * per text line, so the code stays square and small) and as PNG files.
 *
 * <p>In the terminal the light modules are drawn (blocks in the text colour) and the dark ones
 * left empty, which is right on the usual light-on-dark terminal; with {@code ansi} the lines set
 * white-on-black explicitly, which is right on any terminal.
 */
public final class QrCodes {

  /** Quiet zone in modules around the code (the standard asks for 4; 2 scans fine and saves lines). */
  public static final int TERMINAL_MARGIN = 2;
  /** Quiet zone of PNG files: the standard 4 modules. */
  public static final int PNG_MARGIN = 4;
  /** Pixels per module in PNG files. */
  public static final int PNG_SCALE = 8;

  private static final String ANSI_WHITE_ON_BLACK = "\u001b[97;40m";
  private static final String ANSI_RESET = "\u001b[0m";

  static {
    // ImageIO would otherwise buffer through temporary files.
    ImageIO.setUseCache(false);
  }

  private QrCodes() {}

  /**
   * Whether standard output is a terminal, where colour codes are welcome. {@code System.console()}
   * is null when a stream is redirected up to JDK 21; from JDK 22 on it always exists and {@code
   * Console.isTerminal()} (looked up reflectively, the code targets Java 17) tells.
   */
  public static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The QR code of {@code text}, one bit per module including the quiet zone, error correction
   * level L (a screen is not damaged; the URI is long).
   */
  public static BitMatrix encode(String text, int margin) {
    return encode(text, margin, 0);
  }

  /** {@link #encode(String, int)} scaled by zxing to at least {@code size} pixels square (0: one pixel per module). */
  private static BitMatrix encode(String text, int margin, int size) {
    try {
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L, EncodeHintType.MARGIN, margin,
              EncodeHintType.CHARACTER_SET, "UTF-8"));
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters: " + e.getMessage(), e);
    }
  }

  /**
   * The PNG of the code of {@code text}, {@code size} pixels square, in memory (the gateway's
   * {@code qr.png}). CPU work and ImageIO: call it off the event loops.
   */
  public static byte[] png(String text, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      MatrixToImageWriter.writeToStream(encode(text, TERMINAL_MARGIN, size), "PNG", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The code as text lines of {@code ▀ ▄ █} and spaces, each line ending with {@code \n}.
   *
   * @param ansi whether to wrap each line in white-on-black colour codes
   */
  public static String toTerminal(String text, boolean ansi) {
    return toTerminal(encode(text, TERMINAL_MARGIN), ansi);
  }

  /** See {@link #toTerminal(String, boolean)}; a dark module is a set bit. */
  public static String toTerminal(BitMatrix matrix, boolean ansi) {
    int width = matrix.getWidth();
    int height = matrix.getHeight();
    StringBuilder out = new StringBuilder((width + 16) * (height / 2 + 1));
    for (int y = 0; y < height; y += 2) {
      if (ansi) {
        out.append(ANSI_WHITE_ON_BLACK);
      }
      for (int x = 0; x < width; x++) {
        boolean topLight = !matrix.get(x, y);
        // An odd height leaves a last row of half cells: treat the missing row as dark (background).
        boolean bottomLight = y + 1 < height && !matrix.get(x, y + 1);
        out.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
      }
      if (ansi) {
        out.append(ANSI_RESET);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Writes the code of {@code text} as a PNG ({@value #PNG_SCALE} pixels per module, black on
   * white). Blocking file I/O: call it at the edge.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writePng(String text, Path file) {
    BitMatrix modules = encode(text, PNG_MARGIN);
    BitMatrix scaled = new BitMatrix(modules.getWidth() * PNG_SCALE, modules.getHeight() * PNG_SCALE);
    for (int y = 0; y < modules.getHeight(); y++) {
      for (int x = 0; x < modules.getWidth(); x++) {
        if (modules.get(x, y)) {
          scaled.setRegion(x * PNG_SCALE, y * PNG_SCALE, PNG_SCALE, PNG_SCALE);
        }
      }
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MatrixToImageWriter.writeToPath(scaled, "PNG", file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the QR code to " + file, e);
    }
  }
}
