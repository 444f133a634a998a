package io.proxima.ble.gatt;

/**
 * A central that called into the peripheral's GATT service.
 *
 * @param device its identity on the peripheral's side (BlueZ: the Device1 object path)
 * @param mtu the ATT MTU of its link, as the stack reported it with the call (23 when unknown)
 */
public record GattPeer(String device, int mtu) {}
