package io.qbone.deploy.kme;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.qkd.kme.DeliveredKey;
import io.qbone.qkd.kme.KmeException;
import io.qbone.qkd.kme.KmeStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.SslSessionInfo;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ETSI GS QKD 014 v1.1.1 REST API over a {@link KmeService}: status, enc_keys and dec_keys
 * (GET and POST) under {@code /api/v1/keys/{SAE_ID}/}, plus the qbone extension
 * {@code hybrid_enc_keys}. The caller is the SAE its TLS client certificate names.
 */
public final class KmeApi {
  private static final Logger LOG = LoggerFactory.getLogger(KmeApi.class);
  private static final String PREFIX = "/api/v1/keys/";
  private static final long BODY_TIMEOUT_MS = 5_000;
  /**
   * Largest request body read: a dec_keys request is about 50 bytes per key ID, so 64 KiB holds
   * over 1,000 IDs (more than any max_key_per_request in the shipped scenarios, default 128) and a
   * hybrid request (a 1,584-character Base64 key) forty times over.
   */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /**
   * A body over the limit is still read up to this size before the 413 goes out: a
   * server that answers and closes while the client is still sending makes the client's TCP see
   * a reset instead of the answer. Larger chunked bodies are cut off there.
   */
  public static final int DRAINED_BODY_BYTES = 1024 * 1024;
  private static final Executor SAME_THREAD = Runnable::run;
  private static final String SAE_OF_SESSION = "io.qbone.kme.sae";
  private static final Set<String> ENC_FIELDS = Set.of("number", "size",
      "additional_slave_SAE_IDs", "extension_mandatory", "extension_optional");
  private static final Set<String> DEC_FIELDS = Set.of("key_IDs", "key_IDs_extension");
  private static final Set<String> HYBRID_FIELDS = Set.of("size", "mlkem768_public_key");

  private final KmeService kme;
  private final int defaultKeySize;
  private final Materializer materializer;
  private final ObjectMapper json = new ObjectMapper();

  public KmeApi(KmeService kme, int defaultKeySize) {
    this.kme = kme;
    this.defaultKeySize = defaultKeySize;
    this.materializer = Materializer.matFromSystem(kme.system());
  }

  /** A malformed request: 400 with this message. */
  private static KmeException malformed(String message) {
    return new KmeException(KmeException.BAD_REQUEST, message);
  }

  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    String path = request.getUri().path();
    if (!path.startsWith(PREFIX)) {
      request.discardEntityBytes(materializer);
      return done(error(404, "no such resource: " + path + " (the API is under " + PREFIX + ")"));
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty()) {
      request.discardEntityBytes(materializer);
      return done(error(404, "no such resource: " + path));
    }
    String pathSae = parts[0];
    String operation = parts[1];
    if (!Set.of("status", "enc_keys", "dec_keys", "hybrid_enc_keys").contains(operation)) {
      request.discardEntityBytes(materializer);
      return done(error(404, "no such resource: " + path));
    }
    boolean get = request.method().equals(HttpMethods.GET);
    boolean post = request.method().equals(HttpMethods.POST);
    boolean allowed = switch (operation) {
      case "status" -> get;
      case "hybrid_enc_keys" -> post;
      default -> get || post;
    };
    if (!allowed) {
      request.discardEntityBytes(materializer);
      return done(error(405, "method " + request.method().value() + " is not allowed on "
          + operation));
    }
    String caller;
    try {
      caller = request.getAttribute(AttributeKeys.sslSession)
          .map((SslSessionInfo info) -> saeOf(info.getSession()))
          .orElseThrow(() -> new KmeException(KmeException.UNAUTHORIZED, "no TLS session"));
    } catch (KmeException e) {
      request.discardEntityBytes(materializer);
      return done(error(e.status(), e.getMessage()));
    }
    OptionalLong declared = request.entity().getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > DRAINED_BODY_BYTES) {
      // Refused before a byte of it is read (smaller ones are read first, as below).
      return done(tooLarge());
    }
    // toStrict's stage is a converted Scala future: its plain thenCompose would run async on the
    // common pool (a new thread per request on 2 cores). The body is short and usually already
    // in memory, so go on in the thread that completes it.
    // A chunked body has no declared length: the size limit stops it as it arrives.
    return request.entity().withSizeLimit(DRAINED_BODY_BYTES)
        .toStrict(BODY_TIMEOUT_MS, materializer)
        .thenComposeAsync(strict -> strict.getData().size() > MAX_BODY_BYTES
            ? done(tooLarge())
            : dispatch(operation, post, caller, pathSae, request, strict.getData().toArray()),
            SAME_THREAD)
        .exceptionally(this::failure);
  }

  /**
   * The calling SAE, read from the certificate once per TLS session (a keep-alive connection
   * sends many requests, and parsing the subject's name costs more than routing one).
   */
  private static String saeOf(SSLSession session) {
    if (session.getValue(SAE_OF_SESSION) instanceof String sae) {
      return sae;
    }
    String sae = KmeTls.saeId(session);
    session.putValue(SAE_OF_SESSION, sae);
    return sae;
  }

  private CompletionStage<HttpResponse> dispatch(String operation, boolean post, String caller,
      String pathSae, HttpRequest request, byte[] body) {
    // Authorize before reading the body: an unknown SAE hears 401 whatever it sent.
    if (operation.equals("dec_keys")) {
      kme.directory().route(pathSae, caller);
    } else {
      kme.directory().route(caller, pathSae);
    }
    switch (operation) {
      case "status":
        return kme.status(caller, pathSae).thenApply(s -> ok(status(s)));
      case "enc_keys": {
        int number;
        int size;
        if (post) {
          ObjectNode req = object(body, ENC_FIELDS);
          number = integer(req, "number", 1);
          size = integer(req, "size", defaultKeySize);
          requireEmpty(req, "additional_slave_SAE_IDs",
              "key multicast to additional slave SAEs is not supported (max_SAE_ID_count 0)");
          requireEmpty(req, "extension_mandatory",
              "no mandatory extension is supported by this KME");
        } else {
          number = queryInt(request, "number", 1);
          size = queryInt(request, "size", defaultKeySize);
        }
        return kme.encKeys(caller, pathSae, number, size).thenApply(k -> ok(container(k)));
      }
      case "dec_keys": {
        List<UUID> ids = new ArrayList<>();
        if (post) {
          JsonNode list = object(body, DEC_FIELDS).get("key_IDs");
          if (list == null || !list.isArray()) {
            throw malformed("key_IDs: expected an array of {\"key_ID\": UUID}");
          }
          for (JsonNode item : list) {
            JsonNode id = item.isObject() ? item.get("key_ID") : null;
            if (id == null || !id.isTextual()) {
              throw malformed("key_IDs: expected elements {\"key_ID\": UUID}, got " + item);
            }
            ids.add(uuid(id.asText()));
          }
        } else {
          String id = request.getUri().query().get("key_ID")
              .orElseThrow(() -> malformed("key_ID: expected the query parameter key_ID"));
          ids.add(uuid(id));
        }
        return kme.decKeys(pathSae, caller, ids).thenApply(k -> ok(container(k)));
      }
      default:
        return hybrid(caller, pathSae, object(body, HYBRID_FIELDS));
    }
  }

  /** The hybrid extension: one QKD key combined with an ML-KEM-768 secret for the slave. */
  private CompletionStage<HttpResponse> hybrid(String master, String slave, ObjectNode req) {
    int size = integer(req, "size", defaultKeySize);
    JsonNode pk = req.get("mlkem768_public_key");
    if (pk == null || !pk.isTextual()) {
      throw malformed("mlkem768_public_key: expected the slave's ML-KEM-768 public key in Base64");
    }
    HybridKey.Encapsulation kem;
    try {
      kem = HybridKey.encapsulate(Base64.getDecoder().decode(pk.asText()));
    } catch (IllegalArgumentException e) {
      throw malformed("mlkem768_public_key: " + e.getMessage());
    }
    return kme.encKeys(master, slave, 1, size).thenApply(keys -> {
      DeliveredKey qkd = keys.get(0);
      byte[] session = HybridKey.derive(qkd.key(), kem.sharedSecret(), qkd.keyId(),
          qkd.key().length);
      ObjectNode out = container(List.of(new DeliveredKey(qkd.keyId(), session)));
      out.putObject("key_container_extension").put("mlkem768_ciphertext",
          Base64.getEncoder().encodeToString(kem.ciphertext()));
      return ok(out);
    });
  }

  private HttpResponse failure(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof KmeException e) {
      return error(e.status(), e.getMessage());
    }
    if (cause instanceof EntityStreamSizeException) {
      return tooLarge();
    }
    if (cause instanceof TimeoutException) {
      return error(408, "the request body did not arrive within " + BODY_TIMEOUT_MS + " ms");
    }
    if (cause instanceof EntityStreamException e) {
      return error(400, "the request body could not be read: " + e.info().summary());
    }
    LOG.error("KME request failed", cause);
    return error(500, "internal error: " + cause.getClass().getSimpleName());
  }

  private HttpResponse tooLarge() {
    return error(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  /**
   * The body as one JSON object with only {@code fields}: an empty body, a second value or any
   * other data after the object is a malformed request, like malformed JSON.
   */
  private ObjectNode object(byte[] body, Set<String> fields) {
    JsonNode node;
    try (JsonParser parser = json.createParser(body)) {
      node = json.readTree(parser);
      if (node == null) {
        throw malformed("expected a JSON object in the request body, got an empty body (GET "
            + "takes no body)");
      }
      if (parser.nextToken() != null) {
        throw malformed("expected one JSON object, got more data after it at byte "
            + parser.currentTokenLocation().getByteOffset());
      }
    } catch (JsonProcessingException e) {
      throw malformed("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array
    }
    if (!(node instanceof ObjectNode object)) {
      throw malformed("expected a JSON object, got " + node.getNodeType());
    }
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!fields.contains(name)) {
        throw malformed("unknown field '" + name + "' (expected one of " + fields + ")");
      }
    }
    return object;
  }

  private static int integer(ObjectNode req, String field, int absent) {
    JsonNode v = req.get(field);
    if (v == null) {
      return absent;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw malformed(field + ": expected an integer, got " + v);
    }
    return v.intValue();
  }

  private static void requireEmpty(ObjectNode req, String field, String why) {
    JsonNode v = req.get(field);
    if (v != null && !(v.isArray() && v.isEmpty())) {
      throw malformed(field + ": " + why);
    }
  }

  private static int queryInt(HttpRequest request, String name, int absent) {
    Optional<String> text = request.getUri().query().get(name);
    if (text.isEmpty()) {
      return absent;
    }
    try {
      return Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw malformed(name + ": expected an integer, got '" + text.get() + "'");
    }
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw malformed("key_ID: expected a UUID, got '" + text + "'");
    }
  }

  private ObjectNode status(KmeStatus s) {
    ObjectNode o = json.createObjectNode();
    o.put("source_KME_ID", s.sourceKmeId());
    o.put("target_KME_ID", s.targetKmeId());
    o.put("master_SAE_ID", s.masterSaeId());
    o.put("slave_SAE_ID", s.slaveSaeId());
    o.put("key_size", s.keySize());
    o.put("stored_key_count", s.storedKeyCount());
    o.put("max_key_count", s.maxKeyCount());
    o.put("max_key_per_request", s.maxKeyPerRequest());
    o.put("max_key_size", s.maxKeySize());
    o.put("min_key_size", s.minKeySize());
    o.put("max_SAE_ID_count", s.maxSaeIdCount());
    return o;
  }

  private ObjectNode container(List<DeliveredKey> keys) {
    ObjectNode o = json.createObjectNode();
    ArrayNode list = o.putArray("keys");
    Base64.Encoder b64 = Base64.getEncoder();
    for (DeliveredKey k : keys) {
      list.addObject().put("key_ID", k.keyId().toString()).put("key", b64.encodeToString(k.key()));
    }
    return o;
  }

  private HttpResponse ok(JsonNode body) {
    return json(200, body);
  }

  private HttpResponse error(int status, String message) {
    return json(status, json.createObjectNode().put("message", message));
  }

  private HttpResponse json(int status, JsonNode body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, bytes);
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
