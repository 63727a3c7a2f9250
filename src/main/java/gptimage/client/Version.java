package gptimage.client;

/** The tool's version, from the jar's manifest (or "dev" when run from classes). */
public final class Version {
  public static final String VERSION;

  static {
    String v = Version.class.getPackage().getImplementationVersion();
    VERSION = v == null ? "dev" : v;
  }

  private Version() {}
}
