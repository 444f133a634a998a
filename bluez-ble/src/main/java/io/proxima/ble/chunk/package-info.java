/**
 * Pure chunking and transfer-summary code of PROTOCOL.md §5, without I/O: the chunk codec with its CRC-16/IBM-3740, MTU arithmetic, splitting, reassembly that treats a bad CRC as a missing chunk and reports a missing last chunk, the summary codec and bounded resend rounds.
 */
@NullMarked
package io.proxima.ble.chunk;

import org.jspecify.annotations.NullMarked;
