package io.proxima.sdjwt.issuer;

import com.nimbusds.jose.jwk.JWK;
import io.proxima.sdjwt.CredentialFormatException;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.wallet.HeldCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The three files of a minted credential, as the command line's {@code issue} writes them and
 * {@code wallet --credential --holder-key} / {@code verifier --trust} read them:
 *
 * <ul>
 *   <li>{@value #CREDENTIAL_FILE}: the issuer-signed SD-JWT with all disclosures, one line;
 *   <li>{@value #HOLDER_KEY_FILE}: the holder's private JWK (owner-only permissions where the
 *       file system supports them);
 *   <li>{@value #ISSUER_JWKS_FILE}: the issuer's public key as a JWKS.
 * </ul>
 *
 * All methods do blocking file I/O: call them at the edge (main, CLI), not on an event loop.
 *
 * @param credential the credential file
 * @param holderKey the holder key file
 * @param issuerJwks the issuer JWKS file
 */
public record CredentialFiles(Path credential, Path holderKey, Path issuerJwks) {

  public static final String CREDENTIAL_FILE = "credential.sd-jwt";
  public static final String HOLDER_KEY_FILE = "holder-key.jwk.json";
  public static final String ISSUER_JWKS_FILE = "issuer-jwks.json";

  public CredentialFiles {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(holderKey, "holderKey");
    Objects.requireNonNull(issuerJwks, "issuerJwks");
  }

  /** The standard file names in a directory. */
  public static CredentialFiles in(Path directory) {
    return new CredentialFiles(directory.resolve(CREDENTIAL_FILE), directory.resolve(HOLDER_KEY_FILE), directory.resolve(ISSUER_JWKS_FILE));
  }

  /**
   * Writes a credential minted with its holder key into {@code directory} (created if needed),
   * replacing existing files.
   *
   * @throws IllegalArgumentException if the credential has no holder key
   * @throws java.io.UncheckedIOException if a file cannot be written
   */
  public static CredentialFiles write(Path directory, IssuedCredential credential) {
    JWK holderKey = credential.holderKey();
    if (holderKey == null) {
      throw new IllegalArgumentException("the credential has no holder key to write");
    }
    CredentialFiles files = in(directory);
    try {
      Files.createDirectories(directory);
      Files.writeString(files.credential(), credential.sdJwt() + "\n", StandardCharsets.US_ASCII);
      writePrivate(files.holderKey(), holderKey.toJSONString() + "\n");
      Files.writeString(files.issuerJwks(), credential.issuerJwks().toString(true) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the credential files in " + directory, e);
    }
    return files;
  }

  /**
   * The credential as a wallet holds it; see {@link HeldCredential#load}.
   *
   * @throws CredentialFormatException if a file cannot be read or is not valid
   */
  public HeldCredential loadCredential() {
    return HeldCredential.load(credential, holderKey);
  }

  /**
   * The issuer JWKS as verifier trust; see {@link IssuerTrust#loadJwks}.
   *
   * @throws CredentialFormatException if the file cannot be read or is not a JWKS
   */
  public IssuerTrust loadTrust() {
    return IssuerTrust.loadJwks(issuerJwks);
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
