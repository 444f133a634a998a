package io.proxima.ble.testing;

import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattCentral;
import io.proxima.ble.gatt.GattClient;
import io.proxima.ble.gatt.GattPeer;
import io.proxima.ble.gatt.GattPeripheral;
import io.proxima.ble.gatt.GattServerHandler;
import io.proxima.ble.gatt.WriteType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what crosses a GATT backend, without changing it: the writes and reads the verifier's
 * service received (with the peer's MTU) and the links the wallet got. For asserting chunk sizes
 * and the negotiated MTU in end-to-end tests.
 */
public final class GattTap {

  /** One call into the verifier's service. */
  public record Call(String op, Characteristic characteristic, int length, int mtu) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<GattClient> clients = new CopyOnWriteArrayList<>();

  /** The peripheral, recording every read and write its service handles. */
  public GattPeripheral peripheral(GattPeripheral peripheral) {
    return (sessionId, endpoint, handler) -> peripheral.open(sessionId, endpoint, new GattServerHandler() {
      @Override
      public byte[] onRead(GattPeer peer, Characteristic characteristic) {
        byte[] value = handler.onRead(peer, characteristic);
        calls.add(new Call("read", characteristic, value.length, peer.mtu()));
        return value;
      }

      @Override
      public void onWrite(GattPeer peer, Characteristic characteristic, byte[] value, WriteType type) {
        calls.add(new Call("write", characteristic, value.length, peer.mtu()));
        handler.onWrite(peer, characteristic, value, type);
      }

      @Override
      public void onDisconnected(String device) {
        handler.onDisconnected(device);
      }

      @Override
      public void onServiceLost(String reason) {
        handler.onServiceLost(reason);
      }
    });
  }

  /** The central, remembering the links it made. */
  public GattCentral central(GattCentral central) {
    return (sessionId, endpoint) -> central.connect(sessionId, endpoint).doOnNext(clients::add);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Writes the service received on one characteristic. */
  public List<Call> writes(Characteristic characteristic) {
    return calls.stream().filter(c -> c.op().equals("write") && c.characteristic() == characteristic).toList();
  }

  /** Reads the service answered on one characteristic. */
  public List<Call> reads(Characteristic characteristic) {
    return calls.stream().filter(c -> c.op().equals("read") && c.characteristic() == characteristic).toList();
  }

  public List<GattClient> clients() {
    return List.copyOf(clients);
  }
}
