/**
 * BlueZ's D-Bus error names as exception classes, where dbus-java looks for them ({@code org.bluez.Error.Failed} is {@code org.bluez.Error$Failed}). Holds nothing else.
 */
@NullMarked
package org.bluez;

import org.jspecify.annotations.NullMarked;
