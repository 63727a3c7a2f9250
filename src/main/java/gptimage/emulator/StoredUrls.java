package gptimage.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Images answered as {@code response_format=url}: kept for {@link EmulatorOptions#urlLifetime()}
 * and served from {@code GET /images/{id}} on the emulator's own port; expired or unknown ones get
 * the 403 XML a storage service gives for an expired signature.
 */
final class StoredUrls {
  /** What {@link Fault#NOT_IMAGE} puts where an image should be. */
  static final byte[] NOT_AN_IMAGE =
      "<!DOCTYPE html><html><body><h1>Image unavailable</h1></body></html>\n"
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] EXPIRED =
      ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>"
              + "<Message>Signed expiry time has passed or the image does not exist.</Message>"
              + "</Error>")
          .getBytes(StandardCharsets.UTF_8);

  private record Stored(byte[] bytes, String mime, long expiresAt) {}

  private final Map<String, Stored> urls = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Duration lifetime;
  private final Clock clock;
  private final Supplier<String> origin;

  /** {@code origin} gives {@code http://host:port}, known once the server is bound. */
  StoredUrls(Duration lifetime, Clock clock, Supplier<String> origin) {
    this.lifetime = lifetime;
    this.clock = clock;
    this.origin = origin;
  }

  /** Keeps an image (or the fault's stand-in) and returns its URL. */
  String store(Pictures.Encoded image, Fault fault) {
    String ext = image.format().equals("jpeg") ? "jpg" : image.format();
    String id = "img-" + Long.toHexString(System.nanoTime()) + ids.incrementAndGet() + "." + ext;
    long now = clock.millis();
    long expires = now + lifetime.toMillis();
    urls.put(
        id,
        fault == Fault.NOT_IMAGE
            ? new Stored(NOT_AN_IMAGE, "text/html", expires)
            : new Stored(image.bytes(), image.mime(), expires));
    urls.values().removeIf(s -> s.expiresAt < now);
    return origin.get() + "/images/" + id;
  }

  /** The bytes behind one of this emulator's own image URLs, or null for any other URL. */
  byte[] bytesOf(String url) {
    String local = origin.get() + "/images/";
    if (url.startsWith(local)) {
      Stored stored = urls.get(url.substring(local.length()));
      return stored == null ? null : stored.bytes;
    }
    return null;
  }

  /** {@code GET /images/{id}}. */
  int serve(Exchange in, AnswerWriter writer) throws IOException {
    String id = in.path.substring("/images/".length());
    Stored s = urls.get(id);
    if (s == null || s.expiresAt < clock.millis()) {
      urls.remove(id);
      return writer.send(in, 403, "application/xml", EXPIRED, null);
    }
    return writer.send(in, 200, s.mime, s.bytes, null);
  }
}
