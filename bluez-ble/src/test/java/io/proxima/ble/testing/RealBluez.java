package io.proxima.ble.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against the real bluetoothd of {@link BluezVm} (tag {@code
 * real-bluez}). The VM is obtained once per JVM, before the first such class, and stopped when
 * the JVM's tests end; a test method may take a {@link BluezVm} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("real-bluez")
@ExtendWith(RealBluezExtension.class)
public @interface RealBluez {}
