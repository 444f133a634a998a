/**
 * Helpers shared by the commands: exit codes, JSON lines, QR rendering (terminal and PNG),
 * logging verbosity, cancellation on Ctrl-C, option converters, the BLE options, the verifier's
 * on-demand MQTT gateway and the embedded Moquette broker of the demo.
 */
@NullMarked
package io.proxima.cli.support;

import org.jspecify.annotations.NullMarked;
