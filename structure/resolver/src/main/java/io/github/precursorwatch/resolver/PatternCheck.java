package io.github.precursorwatch.resolver;

import java.util.concurrent.ConcurrentHashMap;

/**
 * PatternCheck remembers whether each SMARTS string compiles, so a request
 * with a bad pattern reports it once per pattern instead of failing every
 * query. The memo is bounded: it is cleared when it reaches its size.
 */
final class PatternCheck {
    private static final int MAX = 1024;
    private static final String OK = "";
    private static final ConcurrentHashMap<String, String> MEMO = new ConcurrentHashMap<>();

    private PatternCheck() {}

    /** error returns why smarts does not compile, or null if it does. */
    static String error(String smarts) {
        String e = MEMO.get(smarts);
        if (e == null) {
            try {
                Chemistry.compile(smarts);
                e = OK;
            } catch (IllegalArgumentException | NullPointerException ex) {
                e = "invalid SMARTS: " + ex.getMessage();
            }
            if (MEMO.size() >= MAX) {
                MEMO.clear();
            }
            MEMO.put(smarts, e);
        }
        return e.isEmpty() ? null : e;
    }
}
