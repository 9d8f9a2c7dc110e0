//go:build structure

package pipeline

// Tests against the real structure resolver (Java: OPSIN and CDK), run by
// `make test-structure`: go test -tags structure ./pipeline/. Each test
// starts its own resolver child process from the jar `make resolver`
// builds (PRECURSOR_RESOLVER_JAR, default .cache/resolver/resolver.jar).

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/chemicals"
	"github.com/precursorwatch/precursor/structure"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

var updateRecorded = flag.Bool("update", false, "rewrite "+recordedFile+" from the real resolver")

func startRealResolver(t testing.TB) *structure.Process {
	t.Helper()
	jar := os.Getenv("PRECURSOR_RESOLVER_JAR")
	if jar == "" {
		jar = filepath.Join("..", ".cache", "resolver", "resolver.jar")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, err := structure.Start(ctx, structure.StartConfig{Jar: jar, Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Stop(5 * time.Second) })
	return p
}

// The acceptance path: a manifest naming an uncatalogued carbamate of 4-AP
// (benzyl, Fmoc) goes through the pipeline on the broker with the real
// resolver, and its alert shows the structure OPSIN and CDK read: the
// SMILES, the InChIKey, the 4-AP core pattern with its meaning and legal
// text.
func TestEndToEndCarbamateOf4APRealResolver(t *testing.T) {
	proc := startRealResolver(t)
	c := startCluster(t)
	cfg := structureConfig(c.testConfig(t, 1), proc.URL)
	cfg.Structure.Timeout, cfg.Structure.Budget = 5*time.Second, 10*time.Second // a cold JVM
	// shipment id -> name as filed
	carbamates := map[string]string{
		"cbz-4ap":  "Benzyl 4-anilinopiperidine-1-carboxylate",
		"fmoc-4ap": "(9H-Fluoren-9-yl)methyl 4-anilinopiperidine-1-carboxylate",
	}
	var msgs []kafka.Message
	for _, id := range []string{"cbz-4ap", "fmoc-4ap"} {
		msgs = append(msgs, derivativeEvent(id, carbamates[id]))
	}
	c.produce(t, cfg.Topics.Input, msgs)
	startPipeline(t, cfg, Options{Engine: defaultEngine(t)})
	recs := c.readTopic(t, cfg.Topics.Alerts, 60*time.Second, func(r []*kgo.Record) bool { return len(r) >= 2 })
	want := map[string]string{ // SMILES as the resolver writes them
		"cbz-4ap":  "C1=CC=C(C=C1)COC(=O)N2CCC(CC2)NC3=CC=CC=C3",
		"fmoc-4ap": "C1=CC=C(C=C1)NC2CCN(CC2)C(=O)OCC3C4=C(C=CC=C4)C5=C3C=CC=C5",
	}
	for _, r := range recs {
		var a struct {
			Shipment string `json:"shipment_id"`
			Summary  string `json:"summary"`
			Matches  []struct {
				Method    string `json:"method"`
				Family    string `json:"family"`
				Text      string `json:"text"`
				Structure *struct {
					SMILES, InChIKey, Pattern, Meaning, Legal string
				} `json:"structure"`
			} `json:"matches"`
		}
		if err := json.Unmarshal(r.Value, &a); err != nil {
			t.Fatal(err)
		}
		var ok alertJSON
		_ = json.Unmarshal(r.Value, &ok)
		if !ok.fired("STR-001") || !ok.showsStructure() {
			t.Errorf("%s: STR-001 with the structure in its evidence missing: %s", a.Shipment, r.Value)
		}
		found := false
		for _, m := range a.Matches {
			s := m.Structure
			if m.Method == "structure" && s != nil && s.SMILES == want[a.Shipment] && s.Pattern == "4-ap/core" &&
				strings.HasSuffix(s.InChIKey, "-N") && strings.Contains(s.Legal, "its carbamates") && s.Meaning != "" &&
				strings.EqualFold(m.Text, carbamates[a.Shipment]) && m.Family == "4-ap" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: alert does not show the structure %s with 4-ap/core: %s", a.Shipment, want[a.Shipment], r.Value)
		}
		t.Logf("%s: %s", a.Shipment, a.Summary)
	}
}

// The kill test of structure_e2e_test.go against the real resolver process
// (SIGKILL mid-stream).
func TestEndToEndRealResolverKilled(t *testing.T) {
	proc := startRealResolver(t)
	rec, err := structure.NewRecorded(recordedAnswers(t))
	if err != nil {
		t.Fatal(err)
	}
	resolverKilledMidStream(t, proc.URL, proc.Kill, rec)
}

// TestRecordedAnswersCurrent checks the recorded answers the tests without
// Java serve against the real resolver (-update rewrites them).
func TestRecordedAnswersCurrent(t *testing.T) {
	proc := startRealResolver(t)
	cat, err := chemicals.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := structure.New(structure.Config{URL: proc.URL, Timeout: 10 * time.Second}, cat.Patterns())
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, want := range recordedAnswers(t) {
		got, err := c.Resolve(context.Background(), want.Query)
		if err != nil || !got.Resolved {
			t.Errorf("%s: %+v, %v", want.Query, got, err)
			continue
		}
		ids := func(s *structure.Structure) []string {
			var out []string
			for _, p := range s.Matches {
				out = append(out, p.ID)
			}
			return out
		}
		if got.SMILES != want.SMILES || got.InChIKey != want.InChIKey || got.Formula != want.Formula || !slices.Equal(ids(got), ids(&want)) {
			t.Errorf("%s: resolver says %s %s %s %v, recorded %s %s %s %v", want.Query,
				got.SMILES, got.InChIKey, got.Formula, ids(got), want.SMILES, want.InChIKey, want.Formula, ids(&want))
		}
		pats := strings.Join(ids(got), ",")
		if pats == "" {
			pats = "-"
		}
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s\t%s\t%s", want.Query, got.SMILES, got.InChIKey, got.Formula, pats))
	}
	if *updateRecorded {
		data, err := os.ReadFile(recordedFile)
		if err != nil {
			t.Fatal(err)
		}
		var header []string
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "#") {
				header = append(header, l)
			}
		}
		out := strings.Join(append(header, lines...), "\n") + "\n"
		if err := os.WriteFile(recordedFile, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
