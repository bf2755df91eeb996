package io.qbone.node.engine;

/**
 * An entry of an LP's event queue: an internal event or a received message. The total order
 * (time, origin LP, origin sequence number) makes processing independent of arrival order.
 */
final class Event implements Comparable<Event> {
  final long time;
  final int origin;
  final long seq;
  final Object payload;

  Event(long time, int origin, long seq, Object payload) {
    this.time = time;
    this.origin = origin;
    this.seq = seq;
    this.payload = payload;
  }

  @Override
  public int compareTo(Event o) {
    if (time != o.time) {
      return Long.compare(time, o.time);
    }
    if (origin != o.origin) {
      return Integer.compare(origin, o.origin);
    }
    return Long.compare(seq, o.seq);
  }
}
