package structure

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
)

// maxServeBody is the request body Handler reads, the resolver's limit.
const maxServeBody = 64 << 10

// Handler serves the resolver's HTTP protocol (POST /v1/resolve, GET
// /healthz) from r. With a Recorded it stands in for the Java resolver
// where Java is not wanted: the pipeline's tests, `make test`. A query's
// matches are the recorded structure's patterns that the request sent;
// SMILES queries are answered like names. An error from r answers the
// query "timeout" when it is ErrUnavailable, else "failed".
func Handler(r Resolver) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("POST /v1/resolve", func(w http.ResponseWriter, req *http.Request) {
		var in wireRequest
		body, err := io.ReadAll(io.LimitReader(req.Body, maxServeBody+1))
		switch {
		case err != nil:
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		case len(body) > maxServeBody:
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "request body too large"})
			return
		}
		if err := json.Unmarshal(body, &in); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad JSON: " + err.Error()})
			return
		}
		out := wireResponse{Results: make([]wireResult, len(in.Queries)), PatternErrors: []wirePatternError{}}
		for i, q := range in.Queries {
			text := q.Name
			if text == "" {
				text = q.SMILES
			}
			out.Results[i] = serveOne(req, r, text, in.Patterns)
		}
		writeJSON(w, http.StatusOK, out)
	})
	return mux
}

// serveOne answers one query of a request that sent patterns.
func serveOne(req *http.Request, r Resolver, text string, patterns []wirePattern) wireResult {
	s, err := r.Resolve(req.Context(), text)
	switch {
	case errors.Is(err, ErrUnavailable):
		return wireResult{Status: wireTimeout, Error: err.Error()}
	case err != nil:
		return wireResult{Status: wireFailed, Error: err.Error()}
	case !s.Resolved:
		return wireResult{Status: wireUnparsed}
	}
	res := wireResult{Status: wireOK, SMILES: s.SMILES, InChI: s.InChI, InChIKey: s.InChIKey, Formula: s.Formula, Matches: []string{}}
	for _, p := range s.Matches {
		if slices.ContainsFunc(patterns, func(w wirePattern) bool { return w.ID == p.ID }) {
			res.Matches = append(res.Matches, p.ID)
		}
	}
	return res
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
