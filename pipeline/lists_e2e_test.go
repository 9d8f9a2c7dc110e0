package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/rules"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

// partyEvent is a manifest of cosmetic materials from CN to MX whose
// shipper and consignee are given.
func partyEvent(id, shipper, consignee string) kafka.Message {
	v := fmt.Sprintf(`{"schema_version":1,"shipment_id":%q,"event_type":"filed","event_time":"2026-06-01T08:00:00Z",`+
		`"mode":"air","origin":{"country":"CN","locode":"CNSHA"},"destination":{"country":"MX","locode":"MXZLO"},`+
		`"shipper":{"name":%q,"country":"CN"},"consignee":{"name":%q,"country":"MX"},`+
		`"items":[{"line":1,"description":"Cosmetic raw materials","hs_code":"3304.99","quantity":20,"unit":"kg"}]}`,
		id, shipper, consignee)
	return kafka.Message{Key: []byte(id), Value: []byte(v)}
}

// alertsByShipment reads the alert topic until want alerts are there.
func alertsByShipment(t *testing.T, c *testCluster, topic string, want int) map[string]rules.Alert {
	t.Helper()
	recs := c.readTopic(t, topic, 20*time.Second, func(r []*kgo.Record) bool { return len(r) >= want })
	out := map[string]rules.Alert{}
	for _, r := range recs {
		var a rules.Alert
		if err := json.Unmarshal(r.Value, &a); err != nil {
			t.Fatalf("alert is not JSON: %v: %.300s", err, r.Value)
		}
		out[a.ShipmentID] = a
	}
	return out
}

// partyEvidence returns the party evidence of rule in a.
func partyEvidence(a rules.Alert, rule string) []rules.Evidence {
	var out []rules.Evidence
	for _, h := range a.Hits {
		for _, ev := range h.Evidence {
			if h.RuleID == rule && ev.Party != nil {
				out = append(out, ev)
			}
		}
	}
	return out
}

// TestEndToEndPartyScreening runs party screening through the broker: a
// consignee that is a designated company under a spelling variant gives an
// alert that explains the match (list, entry, programme, name matched,
// score word by word, the lists with their dates and hashes); a broken
// list file on reload is refused and the old lists keep screening; a
// valid edit of a list takes effect.
func TestEndToEndPartyScreening(t *testing.T) {
	c := startCluster(t)
	cfg := c.testConfig(t, 2)
	paths := copySampleLists(t)
	cfg.Lists = []string{paths[0], "precursor-indictments=" + paths[1]}
	r := startPipeline(t, cfg, Options{})

	c.produce(t, cfg.Topics.Input, []kafka.Message{
		partyEvent("PTY-E2E-1", "Example Trading Co., Ltd.", "Sumi-Lab S.A. de C.V."),
		partyEvent("PTY-E2E-0", "Example Trading Co., Ltd.", "Laboratorios Sumilabo del Norte SA de CV"), // near miss
	})
	waitFor(t, "the first events", 20*time.Second, func() bool { return r.p.Stats().Consumed == 2 })
	got := alertsByShipment(t, c, cfg.Topics.Alerts, 1)
	if _, ok := got["PTY-E2E-0"]; ok || r.p.Stats().Alerts != 1 {
		t.Errorf("the near miss was alerted (%d alerts)", r.p.Stats().Alerts)
	}
	a := got["PTY-E2E-1"]
	ev := partyEvidence(a, "PTY-001")
	if len(ev) != 1 {
		t.Fatalf("alert %+v: want one party hit as PTY-001's evidence", a)
	}
	h := ev[0].Party
	explained := h.List == "us-ofac-sdn" && h.EntryID == "990008" && slices.Contains(h.Programmes, "ILLICIT-DRUGS-EO14059") &&
		h.Kind == "sanction" && h.Matched == "SUMILAB, S.A. DE C.V." && h.Party == "Sumi-Lab S.A. de C.V." && h.Role == "consignee" &&
		h.Score >= 0.8 && len(h.Explain.Words) == 1 && h.Explain.Words[0].How == "joined" && h.Explain.Country.Effect == "match"
	if !explained {
		t.Errorf("the hit does not explain the match: %+v", *h)
	}
	if len(a.Lists) != 2 || a.Lists[0].ID != "us-ofac-sdn" || a.Lists[1].ID != "precursor-indictments" ||
		a.Lists[0].Published.IsZero() || len(a.Lists[1].Hash) != 64 {
		t.Errorf("alert lists %+v: want both lists with publication date and hash", a.Lists)
	}
	oldHash := a.Lists[1].Hash

	// A broken list file is refused; the old lists keep screening.
	good, err := os.ReadFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(paths[1], append(good, "  - id: PWI-BROKEN\n    kind: sanction-ish\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	err = r.p.Reload()
	if err == nil || !strings.Contains(err.Error(), "precursor_indictments.yaml:") {
		t.Fatalf("Reload with a broken list = %v, want a positioned error", err)
	}
	if v := metricValue(r.p.metrics.PartyLists.LastReloadOK); v != 0 {
		t.Errorf("party_lists_last_reload_successful = %v after a refused reload", v)
	}
	c.produce(t, cfg.Topics.Input, []kafka.Message{partyEvent("PTY-E2E-2", "HUBEI AMARVEL BIO-TECH CO LTD", "Example Imports SA de CV")})

	// A valid edit (a new indictment) takes effect.
	if err := os.WriteFile(paths[1], good, 0o644); err != nil {
		t.Fatal(err)
	}
	addCuratedEntry(t, paths[1], "PWI-900", "Zhenqi Novel Chemical Co., Ltd.", "2026-11-30")
	waitFor(t, "the event screened by the old lists", 20*time.Second, func() bool { return r.p.Stats().Consumed == 3 })
	if err := r.p.Reload(); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	c.produce(t, cfg.Topics.Input, []kafka.Message{partyEvent("PTY-E2E-3", "Zhenqi Novel Chemicals Co Ltd", "Example Imports SA de CV")})
	waitFor(t, "all events committed", 20*time.Second, func() bool { return r.p.Stats().Consumed == 4 })
	got = alertsByShipment(t, c, cfg.Topics.Alerts, 3)

	old := got["PTY-E2E-2"]
	if ev := partyEvidence(old, "PTY-003"); len(ev) != 1 || ev[0].Party.EntryID != "PWI-001" || old.Lists[1].Hash != oldHash {
		t.Errorf("after the refused reload: alert %+v, want PTY-003 on PWI-001 from the old list", old)
	}
	for _, h := range old.Hits {
		if h.RuleID == "PTY-003" && !strings.Contains(h.Title, "indicted, not sanctioned") {
			t.Errorf("the indictment hit is titled %q: it must say indicted, not sanctioned", h.Title)
		}
	}
	fresh := got["PTY-E2E-3"]
	if ev := partyEvidence(fresh, "PTY-003"); len(ev) != 1 || ev[0].Party.EntryID != "PWI-900" || fresh.Lists[1].Hash == oldHash {
		t.Errorf("after the valid reload: alert %+v, want PTY-003 on the new entry PWI-900 with the new list hash", fresh)
	}
	r.stop()
	hits := series(t, r.reg, "precursor_party_list_hits_total")
	if len(hits) != 4 {
		t.Errorf("party_list_hits_total series %v, want listed and cleared for each list", hits)
	}
}
