package io.qbone.router.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Random workloads against the reservation pool, checked against a simple reference ledger. */
class MemoryPoolPropertyTest {
  @Test
  void neverOverCommitsServesInOrderAndEndsEmpty() {
    SplittableRandom rnd = new SplittableRandom(42);
    long granted = 0;
    long expired = 0;
    for (int trial = 0; trial < 200; trial++) {
      int capacity = 1 + rnd.nextInt(8);
      MemoryPool pool = new MemoryPool(capacity);
      TreeMap<ReservationKey, Integer> ledger = new TreeMap<>();
      List<ReservationKey> waitingOrder = new ArrayList<>();
      long now = 0;
      for (int op = 0; op < 300; op++) {
        now += rnd.nextInt(5);
        int kind = rnd.nextInt(10);
        if (kind < 5) {
          ReservationKey key = new ReservationKey(rnd.nextInt(1000), 0, op);
          int qubits = 1 + rnd.nextInt(4);
          boolean now1 = pool.reserveOrWait(now, key, qubits, now + rnd.nextInt(20), key);
          if (now1) {
            ledger.put(key, qubits);
            granted++;
          } else if (pool.fits(qubits)) {
            waitingOrder.add(key);
          }
        } else if (kind < 8 && !ledger.isEmpty()) {
          ReservationKey victim = new ArrayList<>(ledger.keySet()).get(rnd.nextInt(ledger.size()));
          ledger.remove(victim);
          for (MemoryPool.Waiting w : pool.release(now, victim)) {
            // Admitted strictly in arrival order: always the oldest still waiting.
            assertEquals(waitingOrder.remove(0), w.key());
            ledger.put(w.key(), w.qubits());
            granted++;
          }
        } else {
          for (MemoryPool.Waiting w : pool.expire(now)) {
            assertTrue(w.expiresAtNs() <= now);
            assertTrue(waitingOrder.remove(w.key()));
            expired++;
          }
        }
        int sum = ledger.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(sum, pool.inUse(), "pool and ledger agree");
        assertTrue(pool.inUse() <= capacity, "never over-committed");
        assertTrue(pool.peak() <= capacity);
        assertEquals(waitingOrder.size(), pool.waitingCount());
        for (ReservationKey k : ledger.keySet()) {
          assertTrue(pool.holds(k));
        }
      }
      // Drain: release everything still held, then expire whatever still waits.
      while (!ledger.isEmpty()) {
        ReservationKey k = ledger.firstKey();
        ledger.remove(k);
        for (MemoryPool.Waiting w : pool.release(now, k)) {
          ledger.put(w.key(), w.qubits());
          waitingOrder.remove(w.key());
        }
      }
      pool.expire(Long.MAX_VALUE);
      assertEquals(0, pool.inUse(), "every qubit free at the end");
      assertEquals(0, pool.waitingCount());
    }
    assertTrue(granted > 10_000 && expired > 100, granted + " grants, " + expired + " expiries");
  }

  @Test
  void reservedQubitTimeIsTheIntegralOfTheReservations() {
    MemoryPool pool = new MemoryPool(4);
    ReservationKey a = new ReservationKey(1, 0, 1);
    ReservationKey b = new ReservationKey(2, 0, 1);
    assertTrue(pool.reserveOrWait(10, a, 2, 100, null));
    assertTrue(pool.reserveOrWait(20, b, 2, 100, null));
    assertFalse(pool.reserveOrWait(25, new ReservationKey(3, 0, 1), 1, 30, null));
    pool.release(40, a);
    pool.release(50, b);
    // 2 qubits over [10, 40) and 2 over [20, 50), then the waiting one (1 qubit) from 40.
    assertEquals(2 * 30 + 2 * 30 + 1 * 60, pool.inUseQubitNs(100), 1e-9);
  }
}
