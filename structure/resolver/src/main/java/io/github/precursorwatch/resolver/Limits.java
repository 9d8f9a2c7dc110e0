package io.github.precursorwatch.resolver;

/**
 * Limits bound every request the resolver accepts: untrusted text arrives
 * here, so sizes, counts and time are capped before any chemistry runs.
 */
final class Limits {
    /** Largest request body in bytes (default 64 KiB); larger bodies get 413. */
    int maxBodyBytes = 64 << 10;
    /** Most queries in one request (default 64). */
    int maxQueries = 64;
    /** Most patterns in one request (default 64). */
    int maxPatterns = 64;
    /** Longest name or SMILES in characters (default 300). */
    int maxQueryChars = 300;
    /** Longest SMARTS in characters (default 500). */
    int maxSmartsChars = 500;
    /** Time one query may take (default 2000 ms); past it the query reports "timeout". */
    long queryTimeoutMillis = 2000;
    /** Worker threads resolving queries (default: available processors, at least 2). */
    int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Queries waiting for a worker before requests are refused with 503 (default 256). */
    int queueLength = 256;
    /** Compiled SMARTS kept per worker (default 256); the cache is cleared when full. */
    int patternCache = 256;
}
