package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/rules"
	"github.com/precursorwatch/precursor/structure"
	"github.com/segmentio/kafka-go"
)

// recordedFile holds real resolver answers (see its header).
const recordedFile = "testdata/structure/recorded.tsv"

// recordedAnswers reads recordedFile, mapping pattern ids to the default
// catalog's patterns.
func recordedAnswers(t testing.TB) []structure.Structure {
	t.Helper()
	cat, err := chemicals.Default()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]chemicals.FamilyPattern{}
	for _, p := range cat.Patterns() {
		byID[p.ID] = p
	}
	f, err := os.Open(recordedFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []structure.Structure
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 5 {
			t.Fatalf("%s:%d: %d columns, want 5", recordedFile, line, len(c))
		}
		s := structure.Structure{Query: c[0], SMILES: c[1], InChIKey: c[2], Formula: c[3]}
		for _, id := range strings.Split(c[4], ",") {
			if id == "-" {
				continue
			}
			p, ok := byID[id]
			if !ok {
				t.Fatalf("%s:%d: unknown pattern %q", recordedFile, line, id)
			}
			s.Matches = append(s.Matches, p)
		}
		out = append(out, s)
	}
	return out
}

// derivativeNames are the recorded names that match a family pattern and
// that the pipeline sends to the resolver (the catalog does not resolve
// them exactly).
func derivativeNames(t testing.TB) []string {
	cat, err := chemicals.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := chemicals.NewMatcher(cat)
	var out []string
	for _, s := range recordedAnswers(t) {
		res := m.Match(chemicals.Item{Description: s.Query})
		if len(s.Matches) > 0 && len(structure.Candidates(nil, s.Query, structure.ResolvedSpans(nil, res))) > 0 {
			out = append(out, s.Query)
		}
	}
	return out
}

// fakeResolver is a stand-in for the Java resolver: structure.Handler over
// HTTP serving recorded answers, with a delay per request and a kill switch
// that acts like a crash (listener closed, connections dropped).
type fakeResolver struct {
	srv      *httptest.Server
	delay    atomic.Int64 // nanoseconds per request
	requests atomic.Int64
	// killAfter, when > 0, kills the resolver as request number killAfter
	// arrives (that request fails too).
	killAfter atomic.Int64
	killed    atomic.Bool
}

func startFakeResolver(t testing.TB, answers []structure.Structure) *fakeResolver {
	t.Helper()
	rec, err := structure.NewRecorded(answers)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeResolver{}
	h := structure.Handler(rec)
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := f.requests.Add(1)
		if k := f.killAfter.Load(); k > 0 && n >= k {
			f.kill()
			panic(http.ErrAbortHandler) // drop this connection too
		}
		if d := time.Duration(f.delay.Load()); d > 0 {
			// Read the body first: only then does the server notice a
			// client that gives up (and cancel r's context).
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// kill stops accepting connections and drops the open ones, once.
func (f *fakeResolver) kill() {
	if f.killed.CompareAndSwap(false, true) {
		f.srv.Listener.Close()
		go f.srv.CloseClientConnections()
	}
}

// derivativeEvent is a manifest from China to Mexico whose one item names
// the uncatalogued chemical name.
func derivativeEvent(id, name string) kafka.Message {
	v := fmt.Sprintf(`{"schema_version":1,"shipment_id":%q,"event_time":"2026-03-01T11:00:00Z","mode":"ocean",
 "origin":{"country":"CN","locode":"CNSHA"},"destination":{"country":"MX","locode":"MXZLO"},
 "shipper":{"name":"Example Pharmatech Co.","country":"CN"},"consignee":{"name":"Quimica Ejemplo SA","country":"MX"},
 "items":[{"line":1,"description":%q,"hs_code":"2933.39","quantity":25,"unit":"kg"}]}`, id, name+" 99% min, 25 kg fibre drum")
	return kafka.Message{Key: []byte(id), Value: []byte(v)}
}

// expectWith is expect with the structures a resolver answering from rec
// would give (rec nil: resolver off).
func expectWith(t testing.TB, e *rules.Engine, msgs []kafka.Message, rec structure.Resolver) map[string]string {
	t.Helper()
	alerts := map[string]string{}
	var f structure.Finder
	for _, m := range msgs {
		mf, err := manifest.Decode(m.Value)
		if err != nil {
			continue
		}
		en := e.Enrich(mf)
		if rec != nil {
			en.Structures, _ = f.Find(context.Background(), rec, itemTexts(mf.Items).description, en.Items)
		}
		if r := e.Score(mf, en); r.Emit {
			alerts[e.Alert(m.Value, mf, en, r).ID] = mf.ShipmentID
		}
	}
	return alerts
}

// structureConfig is cfg with the resolver at url.
func structureConfig(cfg Config, url string) Config {
	cfg.Structure.URL = url
	return cfg
}
