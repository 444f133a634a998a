/**
 * The subcommands of {@code proxima}: {@code verifier} and {@code wallet} run one side of a
 * session each, {@code demo} runs both in one process over an embedded broker, and {@code issue}
 * mints a test credential. Each builds the library objects, blocks on the outcome only in its
 * {@code call()} (with a deadline), prints one JSON line and returns an exit code from {@link
 * io.proxima.cli.support.ExitCodes}.
 */
@NullMarked
package io.proxima.cli.command;

import org.jspecify.annotations.NullMarked;
