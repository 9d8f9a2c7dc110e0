package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// bigManifest is a valid manifest of manifest.MaxItems lines of "4-AP":
// about 80 KB, whose alert used to be 2.3 MB (every line's evidence under
// every hit, and every match).
func bigManifest(id string) []byte {
	var items bytes.Buffer
	for i := 1; i <= 1000; i++ {
		if i > 1 {
			items.WriteByte(',')
		}
		fmt.Fprintf(&items, `{"line":%d,"description":"4-AP","hs_code":"2933.39","quantity":1,"unit":"kg"}`, i)
	}
	return []byte(`{"schema_version":1,"shipment_id":"` + id + `","event_time":"2026-03-01T11:00:00Z","mode":"express",` +
		`"origin":{"country":"CN"},"destination":{"country":"MX"},"consignee":{"name":"Importadora Ejemplo","country":"MX"},` +
		`"items":[` + items.String() + `]}`)
}

// TestEndToEndOversizeAlert runs a mixed stream holding a huge but valid
// manifest through a broker whose alert topic accepts record batches of
// at most 12 KB (max.message.bytes on the real cluster; kfake answers
// MESSAGE_TOO_LARGE as such a topic does). The big shipment's alert, bounded by construction to
// about 17 KB, is still too large there: its minimal form is written
// instead. Batches of ordinary alerts refused as a whole are written one
// by one. Every event after the big one is processed and committed; no
// alert is lost and none is dead-lettered.
func TestEndToEndOversizeAlert(t *testing.T) {
	const limit = 20 << 10 // above the largest normal alert of the stream, below the big one (rule descriptions and actions make both larger)
	c := startCluster(t)
	cfg := c.testConfig(t, 1)
	c.limitRecordBatches(t, cfg.Topics.Alerts, limit)

	eng := defaultEngine(t)
	msgs := buildStream(t, "big", 90, false)
	const bigAt = 7
	msgs[bigAt].Key = []byte("big-manifest")
	msgs[bigAt].Value = bigManifest("big-manifest")
	ex := expect(t, eng, msgs)
	c.produce(t, cfg.Topics.Input, msgs)
	r := startPipeline(t, cfg, Options{Engine: eng})
	c.waitCommitted(t, cfg, 30*time.Second)
	r.stop()

	recs := c.readTopic(t, cfg.Topics.Alerts, 10*time.Second, func(r []*kgo.Record) bool { return len(r) >= len(ex.alerts) })
	if missing, extra := diffIDs(ex.alerts, alertIDs(decodeAlerts(t, recs))); len(missing)+len(extra) > 0 {
		t.Errorf("alert ids differ:\nmissing %v\nextra %v", missing, extra)
	}
	var big map[string]any
	for _, rec := range recs {
		if string(rec.Key) == "big-manifest" {
			if err := json.Unmarshal(rec.Value, &big); err != nil {
				t.Fatal(err)
			}
			if len(rec.Value) > limit {
				t.Errorf("big alert of %d bytes written past the %d-byte limit", len(rec.Value), limit)
			}
		} else if bytes.Contains(rec.Value, []byte(`"truncated":true`)) {
			t.Errorf("alert of %s truncated although it fits alone", rec.Key)
		}
	}
	if big == nil || big["truncated"] != true || big["matches_truncated"] == nil {
		t.Errorf("big shipment alert = %.300v, want a minimal alert (truncated, matches counted)", big)
	}
	if s := r.p.Stats(); s.Consumed != int64(len(msgs)) || s.Alerts != int64(len(ex.alerts)) || s.DeadLetters != int64(len(ex.dead)) {
		t.Errorf("Stats = %+v, want %d consumed, %d alerts, %d dead letters", s, len(msgs), len(ex.alerts), len(ex.dead))
	}
	refused := metricValue(r.p.metrics.WriteErrors.WithLabelValues(sinkAlerts))
	if refused == 0 {
		t.Error("the broker refused nothing: the test does not exercise the limit")
	}
	t.Logf("broker refused %v produce requests; %d alerts written", refused, len(recs))
}
