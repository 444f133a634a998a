/**
 * Test support for the real-BlueZ tier: {@link io.proxima.ble.testing.BluezVm} (the bluetoothd 5.66
 * VM of {@code ../shared/bluez-vm}, built, booted and stopped once per test JVM, or reached at a
 * given address), the {@link io.proxima.ble.testing.RealBluez} annotation that tags a class and
 * obtains the VM for it, and {@link io.proxima.ble.testing.BluezAdmin} for resetting the adapters
 * between tests. Shipped in this module's test-jar.
 */
@NullMarked
package io.proxima.ble.testing;

import org.jspecify.annotations.NullMarked;
