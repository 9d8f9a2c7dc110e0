package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/precursorwatch/precursor/manifest"
	"github.com/precursorwatch/precursor/parties"
	"github.com/precursorwatch/precursor/rules"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

// The end-to-end stream: testdata/stream/*.json are templates (risky,
// benign, malformed) whose "TEMPLATE" shipment id is replaced by a unique
// id per event; the stream also holds events that are not valid UTF-8 and
// one 10 MB event.

type template struct {
	name string
	raw  []byte
}

func loadTemplates(t testing.TB) []template {
	t.Helper()
	files, err := filepath.Glob("testdata/stream/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no stream templates: %v", err)
	}
	sort.Strings(files)
	var out []template
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, template{strings.TrimSuffix(filepath.Base(f), ".json"), raw})
	}
	return out
}

// buildStream returns n events keyed by their unique shipment id. With
// huge, event 0 is a 10 MB manifest.
func buildStream(t testing.TB, prefix string, n int, huge bool) []kafka.Message {
	t.Helper()
	tpls := loadTemplates(t)
	msgs := make([]kafka.Message, 0, n)
	for i := 0; i < n; i++ {
		tp := tpls[i%len(tpls)]
		id := fmt.Sprintf("%s-%s-%05d", prefix, tp.name, i)
		v := bytes.ReplaceAll(tp.raw, []byte("TEMPLATE"), []byte(id))
		switch {
		case huge && i == 0:
			v = bytes.Replace(v, []byte(`"items"`), append(append([]byte(`"padding":"`), bytes.Repeat([]byte("x"), 10<<20)...), `","items"`...), 1)
		case i%17 == 16:
			v = bytes.Replace(v, []byte(`"items"`), []byte("\"note\":\"\xff\xfe\",\"items\""), 1) // invalid UTF-8
		}
		msgs = append(msgs, kafka.Message{Key: []byte(id), Value: v})
	}
	return msgs
}

// expectation is what the pipeline must produce for a stream, computed
// offline with the same engine: Decode, Enrich, Score, Alert per event.
type expectation struct {
	alerts map[string]string // alert id -> shipment id
	dead   map[string]string // key -> dead-letter reason
}

func expect(t testing.TB, e *rules.Engine, msgs []kafka.Message) expectation {
	t.Helper()
	ex := expectation{alerts: map[string]string{}, dead: map[string]string{}}
	for _, m := range msgs {
		mf, err := manifest.Decode(m.Value)
		if err != nil {
			ex.dead[string(m.Key)] = string(manifest.KindOf(err))
			continue
		}
		en := e.Enrich(mf)
		r := e.Score(mf, en)
		if r.Emit {
			ex.alerts[e.Alert(m.Value, mf, en, r).ID] = mf.ShipmentID
		}
	}
	return ex
}

// alertDoc is the part of the alert JSON the tests read.
type alertDoc struct {
	ID         string `json:"alert_id"`
	ShipmentID string `json:"shipment_id"`
	Ruleset    struct {
		Version string `json:"version"`
		Hash    string `json:"hash"`
	} `json:"ruleset"`
}

func decodeAlerts(t testing.TB, recs []*kgo.Record) []alertDoc {
	t.Helper()
	out := make([]alertDoc, 0, len(recs))
	for _, r := range recs {
		var a alertDoc
		if err := json.Unmarshal(r.Value, &a); err != nil {
			t.Fatalf("alert is not JSON: %v: %.200s", err, r.Value)
		}
		if string(r.Key) != a.ShipmentID {
			t.Errorf("alert %s keyed %q, want its shipment id %q", a.ID, r.Key, a.ShipmentID)
		}
		out = append(out, a)
	}
	return out
}

// alertIDs returns the distinct ids of alerts.
func alertIDs(alerts []alertDoc) map[string]bool {
	ids := map[string]bool{}
	for _, a := range alerts {
		ids[a.ID] = true
	}
	return ids
}

// diffIDs reports ids missing from got and ids got has in excess.
func diffIDs(want map[string]string, got map[string]bool) (missing, extra []string) {
	for id, ship := range want {
		if !got[id] {
			missing = append(missing, id+" ("+ship+")")
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			extra = append(extra, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}

// defaultEngine is the engine a pipeline runs with the default
// configuration: the embedded pack and catalog, the sample lists.
func defaultEngine(t testing.TB) *rules.Engine {
	t.Helper()
	e, err := rules.LoadEngine("", "")
	if err != nil {
		t.Fatalf("load default engine: %v", err)
	}
	lists, err := parties.LoadSample(context.Background())
	if err != nil {
		t.Fatalf("load sample lists: %v", err)
	}
	return e.WithParties(lists)
}
