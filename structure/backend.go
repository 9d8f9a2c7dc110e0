package structure

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxResponseBytes bounds what the client reads from the resolver.
const maxResponseBytes = 4 << 20

// backend sends one request to the resolver. httpBackend is the real one;
// tests substitute fakes.
type backend interface {
	resolve(ctx context.Context, req *wireRequest) (*wireResponse, error)
}

// httpBackend speaks the resolver's HTTP protocol.
type httpBackend struct {
	url    string // base URL, "http://127.0.0.1:8795"
	client *http.Client
}

func newHTTPBackend(base string, maxConns int) *httpBackend {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = maxConns
	tr.MaxConnsPerHost = maxConns
	return &httpBackend{url: strings.TrimRight(base, "/"), client: &http.Client{Transport: tr}}
}

// statusError is a resolver answer other than 200.
type statusError struct {
	code int
	msg  string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("resolver answered %d: %s", e.code, e.msg)
}

func (b *httpBackend) resolve(ctx context.Context, req *wireRequest) (*wireResponse, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("encode request: %w", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, b.url+"/v1/resolve", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("resolver request: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	resp, err := b.client.Do(hreq)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, fmt.Errorf("read resolver response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(data))
		}
		return nil, &statusError{code: resp.StatusCode, msg: e.Error}
	}
	var out wireResponse
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("decode resolver response: %w", err)
	}
	if len(out.Results) != len(req.Queries) {
		return nil, fmt.Errorf("resolver answered %d results for %d queries", len(out.Results), len(req.Queries))
	}
	return &out, nil
}

// healthy reports whether GET /healthz answers 200.
func (b *httpBackend) healthy(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.url+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<10))
	if resp.StatusCode != http.StatusOK {
		return &statusError{code: resp.StatusCode, msg: "not healthy"}
	}
	return nil
}
