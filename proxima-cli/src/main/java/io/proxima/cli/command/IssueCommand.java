package io.proxima.cli.command;

import io.proxima.cli.support.InputException;
import io.proxima.cli.support.Verbosity;
import io.proxima.sdjwt.issuer.CredentialFiles;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code proxima issue}: mints a PID-like test SD-JWT VC with a freshly generated issuer key and
 * holder key, and writes the credential, the holder key and the issuer JWKS (see {@link
 * CredentialFiles}). A test issuer, not a production one: the person is fictional.
 */
@Command(
    name = "issue",
    header = "Mints a test PID (SD-JWT VC) with fresh issuer and holder keys, for 'wallet --credential' and 'verifier --trust'.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Mints a test PID (SD-JWT VC, vct " + TestCredentials.PID_VCT + "; given_name, family_name, birthdate, address, "
            + "nationalities, age_equal_or_over, each selectively disclosable) signed by a freshly generated P-256 issuer key, "
            + "bound to a freshly generated holder key.",
        "Writes " + CredentialFiles.CREDENTIAL_FILE + ", " + CredentialFiles.HOLDER_KEY_FILE + " (private, owner-only) and "
            + CredentialFiles.ISSUER_JWKS_FILE + " into --out, replacing existing files."})
public final class IssueCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin Verbosity verbosity;

  @Option(names = "--out", paramLabel = "<dir>", defaultValue = "proxima-pid",
      description = "Directory to write the files into, created if needed (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("proxima-pid");

  @Option(names = "--issuer", paramLabel = "<iss>", defaultValue = SdJwtVcIssuer.DEFAULT_ISSUER,
      description = "The iss of the credential (default: ${DEFAULT-VALUE}).")
  String issuer = SdJwtVcIssuer.DEFAULT_ISSUER;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    if (issuer.isBlank()) {
      throw new InputException("--issuer must not be empty");
    }
    SdJwtVcIssuer signer = SdJwtVcIssuer.generate().withIssuer(issuer);
    IssuedCredential pid = TestCredentials.pid(signer);
    CredentialFiles files;
    try {
      files = pid.writeTo(out);
    } catch (UncheckedIOException e) {
      throw new InputException("--out: " + e.getMessage() + " (" + e.getCause().getMessage() + ")", e);
    }
    List<String> claims = new ArrayList<>();
    TestCredentials.pidClaims().fieldNames().forEachRemaining(claims::add);

    stdout.println("Minted a test PID (" + pid.vct() + ") issued by " + pid.issuer() + ", claims " + String.join(", ", claims) + ":");
    stdout.println("  " + files.credential() + "   the credential: issuer-signed SD-JWT with every disclosure");
    stdout.println("  " + files.holderKey() + "   the holder's private key (owner-only)");
    stdout.println("  " + files.issuerJwks() + "   the issuer's public key: what a verifier trusts");
    stdout.println("Present it:");
    stdout.println("  proxima verifier --broker mqtt://<host>:<port> --trust " + files.issuerJwks());
    stdout.println("  proxima wallet --uri '<engagement URI>' --credential " + files.credential() + " --holder-key " + files.holderKey());
    stdout.flush();
    return 0;
  }
}
