package io.github.precursorwatch.resolver;

import java.util.List;

/**
 * The JSON documents of POST /v1/resolve. Field names are the wire format
 * shared with the Go client (structure/protocol.go); change both together.
 */
final class Protocol {
    private Protocol() {}

    /** A request: what to resolve, and the patterns to test each structure against. */
    static final class Request {
        List<Query> queries;
        List<PatternSpec> patterns;
    }

    /** One query: a chemical name (OPSIN) or a SMILES string, exactly one of them. */
    static final class Query {
        String name;
        String smiles;
    }

    /** A substructure pattern: an opaque id echoed back on a match, and its SMARTS. */
    static final class PatternSpec {
        String id;
        String smarts;
    }

    /** The answer, one result per query in request order. */
    static final class Response {
        List<Result> results;
        List<PatternError> pattern_errors;
    }

    /** Query outcomes, the values of Result.status. */
    static final String OK = "ok";            // resolved; smiles, inchikey and matches are set
    static final String UNPARSED = "unparsed"; // not a name OPSIN understands / not valid SMILES
    static final String TIMEOUT = "timeout";   // exceeded the per-query time limit
    static final String INVALID = "invalid";   // refused before parsing (too long, both or neither field)
    static final String FAILED = "failed";     // parsed, but the structure could not be processed

    /** The outcome of one query. */
    static final class Result {
        String status;
        String smiles;    // canonical isomeric SMILES (CDK)
        String inchi;     // standard InChI; empty when InChI could not be generated
        String inchikey;  // standard InChIKey; empty when InChI could not be generated
        String formula;   // molecular formula, Hill order
        List<String> matches; // ids of the patterns the structure contains
        String error;     // why, when status is not ok
    }

    /** A pattern that did not compile; it is skipped for every query. */
    static final class PatternError {
        String id;
        String error;

        PatternError(String id, String error) {
            this.id = id;
            this.error = error;
        }
    }
}
