package gptimage.mcp;

/**
 * One client's connection: the protocol revision agreed at {@code initialize}. Over stdio there is
 * one; over HTTP one per {@code Mcp-Session-Id}.
 */
public final class Session {
  private volatile String protocolVersion = McpServer.VERSIONS.get(0);

  /** The revision agreed; the newest until {@code initialize} says otherwise. */
  public String protocolVersion() {
    return protocolVersion;
  }

  void protocolVersion(String v) {
    protocolVersion = v;
  }

  /**
   * Whether the revision has structured tool output ({@code structuredContent}, {@code
   * outputSchema}) and {@code resource_link} content: 2025-06-18 and later.
   */
  boolean structured() {
    return protocolVersion.compareTo("2025-06-18") >= 0;
  }
}
