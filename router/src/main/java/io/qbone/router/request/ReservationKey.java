package io.qbone.router.request;

import java.util.Comparator;

/** One attempt of one part (path) of a request: what a memory reservation belongs to. */
public record ReservationKey(long request, int part, int attempt)
    implements Comparable<ReservationKey> {
  private static final Comparator<ReservationKey> ORDER = Comparator
      .comparingLong(ReservationKey::request)
      .thenComparingInt(ReservationKey::part)
      .thenComparingInt(ReservationKey::attempt);

  @Override
  public int compareTo(ReservationKey o) {
    return ORDER.compare(this, o);
  }
}
