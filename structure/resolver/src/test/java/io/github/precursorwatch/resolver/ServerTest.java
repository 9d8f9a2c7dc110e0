package io.github.precursorwatch.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerTest {
    private static Server server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Limits l = new Limits();
        l.maxBodyBytes = 1024;
        server = new Server(new InetSocketAddress("127.0.0.1", 0), l);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void resolves() throws Exception {
        HttpResponse<String> r = post("/v1/resolve",
                "{\"queries\":[{\"name\":\"piperidin-4-one\"}],\"patterns\":[{\"id\":\"k\",\"smarts\":\"O=C1CCNCC1\"}]}");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"matches\":[\"k\"]"), r.body());
        assertTrue(r.body().contains("\"inchikey\":\"VRJHQPZVIGNGMX-UHFFFAOYSA-N\""), r.body());
    }

    @Test
    void refusesBadRequests() throws Exception {
        assertEquals(400, post("/v1/resolve", "{not json").statusCode());
        assertEquals(400, post("/v1/resolve", "{\"queries\":[42]}").statusCode());
        assertEquals(400, post("/v1/resolve", "null").statusCode());
        assertEquals(413, post("/v1/resolve", "{\"queries\":[{\"name\":\"" + "x".repeat(2000) + "\"}]}").statusCode());
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/resolve")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }

    @Test
    void health() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        HttpResponse<String> info = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(info.body().contains("\"opsin\":\"2.9.0\""), info.body());
    }
}
