package io.qbone.deploy.kme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** An SAE talking to the KME API through java.net.http with its client certificate. */
final class SaeClient {
  /** A response: HTTP status and parsed JSON body. */
  record Answer(int status, JsonNode body) {
    String message() {
      return body.path("message").asText();
    }

    List<UUID> keyIds() {
      List<UUID> ids = new ArrayList<>();
      body.path("keys").forEach(k -> ids.add(UUID.fromString(k.path("key_ID").asText())));
      return ids;
    }

    List<byte[]> keys() {
      List<byte[]> keys = new ArrayList<>();
      body.path("keys").forEach(k -> keys.add(Base64.getDecoder().decode(k.path("key").asText())));
      return keys;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;

  SaeClient(DevPki pki, KeyStore identity, int port) throws GeneralSecurityException {
    this.http = HttpClient.newBuilder()
        .sslContext(KmeTls.context(identity, DevPki.PASSWORD, pki.trustStore()))
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    this.base = "https://127.0.0.1:" + port + "/api/v1/keys/";
  }

  static SaeClient of(DevPki pki, String saeId, int port) throws GeneralSecurityException {
    return new SaeClient(pki, pki.saeIdentity(saeId), port);
  }

  Answer get(String sae, String operation) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + sae + "/" + operation)).GET());
  }

  Answer post(String sae, String operation, String json)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + sae + "/" + operation))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST whose body is streamed (chunked transfer encoding: no Content-Length). */
  Answer postStream(String sae, String operation,
      java.util.function.Supplier<java.io.InputStream> body)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + sae + "/" + operation))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(body)));
  }

  Answer encKeys(String slave, int number, int size) throws IOException, InterruptedException {
    return post(slave, "enc_keys", "{\"number\":" + number + ",\"size\":" + size + "}");
  }

  Answer decKeys(String master, List<UUID> ids) throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder("{\"key_IDs\":[");
    for (int i = 0; i < ids.size(); i++) {
      body.append(i == 0 ? "" : ",").append("{\"key_ID\":\"").append(ids.get(i)).append("\"}");
    }
    return post(master, "dec_keys", body.append("]}").toString());
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      body = com.fasterxml.jackson.databind.node.TextNode.valueOf(response.body());
    }
    return new Answer(response.statusCode(), body);
  }
}
