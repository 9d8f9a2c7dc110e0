package io.github.precursorwatch.resolver;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Server is the HTTP face of the resolver (JDK built-in server, no framework):
 *
 * <pre>
 *   POST /v1/resolve   Protocol.Request -&gt; Protocol.Response (200), 400 bad request,
 *                      413 body too large, 503 overloaded
 *   GET  /healthz      200 {"status":"ok"} once OPSIN and CDK are warm
 *   GET  /v1/info      versions and limits
 * </pre>
 */
final class Server implements AutoCloseable {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final HttpServer http;
    private final ExecutorService connections;
    private final Service service;
    private final Limits limits;

    Server(InetSocketAddress addr, Limits limits) throws IOException {
        this.limits = limits;
        this.service = new Service(limits);
        this.http = HttpServer.create(addr, 64);
        this.connections = Executors.newFixedThreadPool(limits.workers * 2 + 2, r -> {
            Thread t = new Thread(r, "resolver-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(connections);
        http.createContext("/v1/resolve", this::resolve);
        http.createContext("/healthz", ex -> reply(ex, 200, Map.of("status", "ok")));
        http.createContext("/v1/info", ex -> reply(ex, 200, info()));
    }

    void start() {
        http.start();
    }

    /** port returns the bound port (useful when started on port 0). */
    int port() {
        return http.getAddress().getPort();
    }

    private Map<String, Object> info() {
        return Map.of(
                "opsin", Versions.OPSIN,
                "cdk", Versions.CDK,
                "max_queries", limits.maxQueries,
                "max_patterns", limits.maxPatterns,
                "max_query_chars", limits.maxQueryChars,
                "query_timeout_ms", limits.queryTimeoutMillis,
                "workers", limits.workers,
                "busy", service.busy());
    }

    private void resolve(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, Map.of("error", "use POST"));
                return;
            }
            byte[] body = readBounded(ex.getRequestBody(), limits.maxBodyBytes);
            if (body == null) {
                reply(ex, 413, Map.of("error", "request body larger than " + limits.maxBodyBytes + " bytes"));
                return;
            }
            Protocol.Request req;
            try {
                req = GSON.fromJson(new String(body, StandardCharsets.UTF_8), Protocol.Request.class);
            } catch (JsonParseException e) {
                reply(ex, 400, Map.of("error", "decode request: " + e.getMessage()));
                return;
            }
            try {
                reply(ex, 200, service.resolve(req));
            } catch (Service.BadRequest e) {
                reply(ex, 400, Map.of("error", e.getMessage()));
            } catch (Service.Overloaded e) {
                reply(ex, 503, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                reply(ex, 500, Map.of("error", "resolver: " + e));
            }
        }
    }

    /** readBounded reads at most max bytes; it returns null if the body is longer. */
    static byte[] readBounded(InputStream in, int max) throws IOException {
        byte[] buf = in.readNBytes(max + 1);
        return buf.length > max ? null : buf;
    }

    private static void reply(HttpExchange ex, int code, Object body) throws IOException {
        byte[] out = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        http.stop(1);
        connections.shutdownNow();
        service.close();
    }
}
