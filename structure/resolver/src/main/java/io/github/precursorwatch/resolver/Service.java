package io.github.precursorwatch.resolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Service validates a request against the limits, runs its queries on a
 * bounded pool of workers and assembles the response. It knows nothing of
 * HTTP (see Server), so tests call it directly.
 */
final class Service implements AutoCloseable {
    /** Thrown when a request breaks a limit; the message is for the caller. */
    static final class BadRequest extends Exception {
        BadRequest(String msg) {
            super(msg);
        }
    }

    /** Thrown when every worker and queue slot is taken; the caller should retry later. */
    static final class Overloaded extends Exception {
        Overloaded() {
            super("resolver overloaded: all workers busy");
        }
    }

    private final Limits limits;
    private final ThreadPoolExecutor pool;
    private final ThreadLocal<Chemistry> chemistry = ThreadLocal.withInitial(Chemistry::new);
    private final ThreadLocal<Map<String, Chemistry.CompiledPattern>> compiled;

    Service(Limits limits) {
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(limits.workers, limits.workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(limits.queueLength), r -> {
                    Thread t = new Thread(r, "resolver-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.compiled = ThreadLocal.withInitial(LinkedHashMap::new);
    }

    /** resolve answers a request; every query gets a result, in order. */
    Protocol.Response resolve(Protocol.Request req) throws BadRequest, Overloaded {
        check(req);
        List<Protocol.PatternSpec> specs = req.patterns == null ? List.of() : req.patterns;
        Protocol.Response resp = new Protocol.Response();
        resp.pattern_errors = new ArrayList<>();
        List<Protocol.PatternSpec> good = new ArrayList<>();
        for (Protocol.PatternSpec s : specs) {
            String err = PatternCheck.error(s.smarts);
            if (err != null) {
                resp.pattern_errors.add(new Protocol.PatternError(s.id, err));
            } else {
                good.add(s);
            }
        }
        List<Future<Protocol.Result>> futures = submit(req.queries, good);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.queryTimeoutMillis);
        resp.results = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            resp.results.add(await(futures.get(i), deadline));
        }
        return resp;
    }

    private List<Future<Protocol.Result>> submit(List<Protocol.Query> queries, List<Protocol.PatternSpec> specs) throws Overloaded {
        List<Future<Protocol.Result>> futures = new ArrayList<>(queries.size());
        try {
            for (Protocol.Query q : queries) {
                futures.add(pool.submit(() -> chemistry.get().resolve(q, patterns(specs))));
            }
        } catch (RejectedExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            throw new Overloaded();
        }
        return futures;
    }

    private static Protocol.Result await(Future<Protocol.Result> f, long deadline) {
        long wait = deadline - System.nanoTime();
        try {
            return f.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            f.cancel(true);
            return failed(Protocol.TIMEOUT, "query exceeded the time limit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return failed(Protocol.TIMEOUT, "interrupted");
        } catch (ExecutionException e) {
            return failed(Protocol.FAILED, String.valueOf(e.getCause()));
        }
    }

    static Protocol.Result failed(String status, String error) {
        Protocol.Result r = new Protocol.Result();
        r.status = status;
        r.error = error;
        return r;
    }

    /** patterns returns this worker's compiled patterns for specs, compiling what is new. */
    private List<Chemistry.CompiledPattern> patterns(List<Protocol.PatternSpec> specs) {
        Map<String, Chemistry.CompiledPattern> cache = compiled.get();
        List<Chemistry.CompiledPattern> out = new ArrayList<>(specs.size());
        for (Protocol.PatternSpec s : specs) {
            String key = s.id + "\u0000" + s.smarts;
            Chemistry.CompiledPattern p = cache.get(key);
            if (p == null) {
                if (cache.size() >= limits.patternCache) {
                    cache.clear();
                }
                p = new Chemistry.CompiledPattern(s.id, Chemistry.compile(s.smarts));
                cache.put(key, p);
            }
            out.add(p);
        }
        return out;
    }

    private void check(Protocol.Request req) throws BadRequest {
        if (req == null || req.queries == null) {
            throw new BadRequest("missing queries");
        }
        if (req.queries.size() > limits.maxQueries) {
            throw new BadRequest("too many queries: " + req.queries.size() + " > " + limits.maxQueries);
        }
        if (req.patterns != null && req.patterns.size() > limits.maxPatterns) {
            throw new BadRequest("too many patterns: " + req.patterns.size() + " > " + limits.maxPatterns);
        }
        for (int i = 0; i < req.queries.size(); i++) {
            Protocol.Query q = req.queries.get(i);
            if (q == null || (q.name == null) == (q.smiles == null)) {
                throw new BadRequest("query " + i + ": give exactly one of name and smiles");
            }
            String text = q.name != null ? q.name : q.smiles;
            if (text.isEmpty() || text.length() > limits.maxQueryChars) {
                throw new BadRequest("query " + i + ": length " + text.length() + " outside 1.." + limits.maxQueryChars);
            }
        }
        if (req.patterns != null) {
            for (int i = 0; i < req.patterns.size(); i++) {
                Protocol.PatternSpec p = req.patterns.get(i);
                if (p == null || p.id == null || p.smarts == null || p.smarts.isEmpty()) {
                    throw new BadRequest("pattern " + i + ": give id and smarts");
                }
                if (p.smarts.length() > limits.maxSmartsChars) {
                    throw new BadRequest("pattern " + p.id + ": smarts longer than " + limits.maxSmartsChars);
                }
            }
        }
    }

    /** busy reports the queries running or waiting. */
    int busy() {
        return pool.getActiveCount() + pool.getQueue().size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
