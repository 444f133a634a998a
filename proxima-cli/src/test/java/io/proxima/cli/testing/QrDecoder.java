package io.proxima.cli.testing;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads QR codes back, independently of how they were drawn: what a phone's scanner would do. */
public final class QrDecoder {

  private static final int SCALE = 4;

  private QrDecoder() {}

  /**
   * Decodes the half-block QR code in a command's output: the lines made only of {@code ▀ ▄ █},
   * spaces and ANSI colour codes. A drawn cell is light (white), an empty one dark (the background).
   */
  public static String decodeTerminal(String output) {
    List<String> rows = output.lines()
        .map(l -> l.replaceAll("\u001b\\[[0-9;]*m", ""))
        .filter(l -> !l.isBlank() && l.chars().allMatch(c -> c == ' ' || c == '▀' || c == '▄' || c == '█'))
        .toList();
    if (rows.isEmpty()) {
      throw new AssertionError("no QR code in the output:\n" + output);
    }
    int width = rows.get(0).length();
    // Around the code is the terminal's dark background; the code brings its own light quiet zone.
    BufferedImage image = new BufferedImage((width + 8) * SCALE, (rows.size() * 2 + 8) * SCALE, BufferedImage.TYPE_INT_RGB);
    fill(image, 0, 0, image.getWidth(), image.getHeight(), false);
    for (int r = 0; r < rows.size(); r++) {
      String row = rows.get(r);
      for (int x = 0; x < row.length(); x++) {
        char c = row.charAt(x);
        boolean topLight = c == '█' || c == '▀';
        boolean bottomLight = c == '█' || c == '▄';
        fill(image, (x + 4) * SCALE, (2 * r + 4) * SCALE, SCALE, SCALE, topLight);
        fill(image, (x + 4) * SCALE, (2 * r + 5) * SCALE, SCALE, SCALE, bottomLight);
      }
    }
    return decode(image);
  }

  /** Decodes a PNG file. */
  public static String decodePng(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new AssertionError(file + " is not an image");
      }
      return decode(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void fill(BufferedImage image, int x0, int y0, int w, int h, boolean light) {
    int rgb = light ? 0xFFFFFF : 0x000000;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        image.setRGB(x, y, rgb);
      }
    }
  }

  private static String decode(BufferedImage image) {
    try {
      Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
          Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
      return result.getText();
    } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
      throw new AssertionError("no readable QR code: " + e, e);
    }
  }
}
