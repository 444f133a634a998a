/**
 * The {@code proxima} command line: {@link io.proxima.cli.ProximaCli} is the picocli top command
 * and {@code main}; its subcommands live in {@code io.proxima.cli.command} (verifier, wallet,
 * demo, issue) and share the helpers of {@code io.proxima.cli.support}. The command line is the
 * edge of the application: it is the only place that blocks on a session's outcome.
 */
@NullMarked
package io.proxima.cli;

import org.jspecify.annotations.NullMarked;
