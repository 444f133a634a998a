package io.proxima.ble.bluez.internal;

import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattPeer;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Puts long writes back together. bluetoothd (5.66 and later) executes a long write (Prepare
 * Write pieces of MTU - 5 bytes, then Execute Write) as one WriteValue per piece, the first
 * without an {@code offset} option and the others with theirs, and never says which piece is the
 * last. A piece shorter than MTU - 5 bytes ends the value. A write of exactly MTU - 5 bytes may
 * be the first of several, or a value of its own: it is held until a continuation arrives, or
 * until the same central does anything else (its next read or write), which ends it. One
 * central's calls arrive one at a time, so nothing of another operation can come in between.
 */
final class LongWrites {

  /** Receives a value completed by a later call (its writer was answered already). */
  interface LateDelivery {
    void deliver(GattPeer peer, Characteristic characteristic, byte[] value);
  }

  /** What to do with a write: deliver {@code value} now, fail with {@code error}, or nothing yet. */
  record Result(byte @Nullable [] value, @Nullable RuntimeException error) {}

  private static final class Pending {
    final Characteristic characteristic;
    final GattPeer peer;
    final ByteArrayOutputStream value = new ByteArrayOutputStream();
    final int pieceSize;

    Pending(Characteristic characteristic, GattPeer peer, int pieceSize) {
      this.characteristic = characteristic;
      this.peer = peer;
      this.pieceSize = pieceSize;
    }
  }

  private static final Result NOTHING_YET = new Result(null, null);

  private final Map<String, Pending> pending = new HashMap<>();
  private final LateDelivery late;

  LongWrites(LateDelivery late) {
    this.late = late;
  }

  /** One WriteValue from {@code peer}. */
  Result piece(GattPeer peer, Characteristic characteristic, byte[] value, int offset) {
    Pending done;
    Result result;
    synchronized (this) {
      Pending p = pending.get(peer.device());
      if (offset > 0) {
        if (p == null || p.characteristic != characteristic || p.value.size() != offset) {
          return new Result(null, new org.bluez.Error.InvalidOffset("no write of " + characteristic + " continues at offset " + offset));
        }
        p.value.writeBytes(value);
        if (value.length < p.pieceSize) {
          pending.remove(peer.device());
          return new Result(p.value.toByteArray(), null);
        }
        return NOTHING_YET;
      }
      done = pending.remove(peer.device());
      int pieceSize = peer.mtu() - 5;
      if (characteristic.flags().contains("write") && value.length == pieceSize) {
        Pending first = new Pending(characteristic, peer, pieceSize);
        first.value.writeBytes(value);
        pending.put(peer.device(), first);
        result = NOTHING_YET;
      } else {
        result = new Result(value, null);
      }
    }
    if (done != null) {
      late.deliver(done.peer, done.characteristic, done.value.toByteArray());
    }
    return result;
  }

  /** The central does something else: a value it was writing is complete. */
  void finish(GattPeer peer) {
    Pending done;
    synchronized (this) {
      done = pending.remove(peer.device());
    }
    if (done != null) {
      late.deliver(done.peer, done.characteristic, done.value.toByteArray());
    }
  }

  /** The central is gone: drop what it left unfinished. */
  synchronized void forget(String device) {
    pending.remove(device);
  }
}
