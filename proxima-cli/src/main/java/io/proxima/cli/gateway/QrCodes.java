package io.proxima.cli.gateway;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** QR codes as PNG images (zxing). CPU work plus ImageIO: run it off the event loops. */
final class QrCodes {

  static final int DEFAULT_SIZE = 320;
  static final int MIN_SIZE = 64;
  static final int MAX_SIZE = 2048;

  static {
    // ImageIO would otherwise buffer through temporary files.
    ImageIO.setUseCache(false);
  }

  private QrCodes() {}

  /** The PNG of a QR code holding {@code text}, {@code size} pixels square, error correction M. */
  static byte[] png(String text, int size) {
    try {
      BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
      ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
      MatrixToImageWriter.writeToStream(matrix, "PNG", out);
      return out.toByteArray();
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode a QR code: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
