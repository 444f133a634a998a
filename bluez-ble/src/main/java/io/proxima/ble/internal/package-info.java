/**
 * The BLE protocol state machines behind the public transports: the verifier's session (a GATT server handler, its listener and connection) and the wallet's connection. Pure protocol over the GATT-link interface. Not API.
 */
@NullMarked
package io.proxima.ble.internal;

import org.jspecify.annotations.NullMarked;
