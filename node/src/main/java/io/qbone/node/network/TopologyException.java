package io.qbone.node.network;

/** A structural error in the topology, located by the position of the node or link. */
public final class TopologyException extends IllegalArgumentException {
  /** Which list the offending entry is in. */
  public enum Part { NODE, LINK, FLOW }

  private final Part part;
  private final int position;
  private final String field;

  public TopologyException(Part part, int position, String field, String message) {
    super(message);
    this.part = part;
    this.position = position;
    this.field = field;
  }

  public Part part() {
    return part;
  }

  /** Zero-based position of the entry in its list. */
  public int position() {
    return position;
  }

  public String field() {
    return field;
  }
}
