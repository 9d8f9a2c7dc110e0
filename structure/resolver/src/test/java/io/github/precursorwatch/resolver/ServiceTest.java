package io.github.precursorwatch.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceTest {
    private static Protocol.Request request(List<String> names, String... smarts) {
        Protocol.Request req = new Protocol.Request();
        req.queries = new ArrayList<>();
        for (String n : names) {
            Protocol.Query q = new Protocol.Query();
            q.name = n;
            req.queries.add(q);
        }
        req.patterns = new ArrayList<>();
        for (int i = 0; i < smarts.length; i++) {
            Protocol.PatternSpec p = new Protocol.PatternSpec();
            p.id = "p" + i;
            p.smarts = smarts[i];
            req.patterns.add(p);
        }
        return req;
    }

    @Test
    void resultsInRequestOrderAndBadPatternsReported() throws Exception {
        try (Service s = new Service(new Limits())) {
            Protocol.Response resp = s.resolve(request(
                    List.of("piperidin-4-one", "not a chemical at all", "benzyl 4-oxopiperidine-1-carboxylate"),
                    "O=C1CCNCC1", "C((", "O=C1CCN(C(=O)O)CC1"));
            assertEquals(3, resp.results.size());
            assertEquals(List.of("p0"), resp.results.get(0).matches);
            assertEquals(Protocol.UNPARSED, resp.results.get(1).status);
            assertEquals(List.of("p0", "p2"), resp.results.get(2).matches);
            assertEquals(1, resp.pattern_errors.size());
            assertEquals("p1", resp.pattern_errors.get(0).id);
        }
    }

    @Test
    void limitsRefuseBeforeAnyChemistry() {
        Limits l = new Limits();
        l.maxQueries = 2;
        l.maxQueryChars = 20;
        try (Service s = new Service(l)) {
            assertThrows(Service.BadRequest.class, () -> s.resolve(request(List.of("a", "b", "c"))));
            assertThrows(Service.BadRequest.class, () -> s.resolve(request(List.of("x".repeat(21)))));
            assertThrows(Service.BadRequest.class, () -> s.resolve(new Protocol.Request()));
            Protocol.Request both = request(List.of("ethanol"));
            both.queries.get(0).smiles = "CCO";
            assertThrows(Service.BadRequest.class, () -> s.resolve(both));
        }
    }

    @Test
    void timeLimitAnswersTimeout() throws Exception {
        Limits l = new Limits();
        l.queryTimeoutMillis = 0;
        try (Service s = new Service(l)) {
            Protocol.Response resp = s.resolve(request(List.of("ethyl 2-methyl-3-phenyloxirane-2-carboxylate")));
            assertEquals(Protocol.TIMEOUT, resp.results.get(0).status);
        }
    }

    @Test
    void fullQueueIsOverloaded() {
        Limits l = new Limits();
        l.workers = 1;
        l.queueLength = 1;
        l.maxQueries = 64;
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add("ethyl " + i + "-oxopiperidine-1-carboxylate");
        }
        try (Service s = new Service(l)) {
            assertThrows(Service.Overloaded.class, () -> s.resolve(request(many)));
        }
    }

    @Test
    void bodyLimit() throws Exception {
        assertTrue(Server.readBounded(new ByteArrayInputStream(new byte[10]), 10).length == 10);
        assertEquals(null, Server.readBounded(new ByteArrayInputStream(new byte[11]), 10));
    }
}
