package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/precursorwatch/precursor/console/store"
	"github.com/segmentio/kafka-go"
)

// maxAlertBytes bounds an alert read from the topic; larger records are
// counted as invalid and skipped.
const maxAlertBytes = 8 << 20

// source is the part of *kafka.Reader the ingest loop uses.
type source interface {
	FetchMessage(ctx context.Context) (kafka.Message, error)
	CommitMessages(ctx context.Context, msgs ...kafka.Message) error
}

// ingester reads alerts and dispositions into the store, in batches, and
// commits a batch's offsets only once it is stored: a crash re-reads what
// was not committed, which the store applies idempotently.
type ingester struct {
	src                    source
	st                     *store.Store
	alertsTopic, dispTopic string
	batchSize              int
	batchWait              time.Duration
	log                    *slog.Logger
	metrics                *Metrics
	onBatch                func() // called after each stored batch (tests)
}

// run ingests until ctx ends; it returns nil then, or the first error of
// the store (the records stay uncommitted).
func (in *ingester) run(ctx context.Context) error {
	for {
		batch, err := in.fetch(ctx)
		if len(batch) > 0 {
			if serr := in.store(ctx, batch); serr != nil {
				return serr
			}
			if cerr := in.src.CommitMessages(context.WithoutCancel(ctx), batch...); cerr != nil && ctx.Err() == nil {
				in.log.Warn("commit failed; the batch will be read again", "err", cerr)
			}
			if in.onBatch != nil {
				in.onBatch()
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			in.log.Warn("fetch failed; retrying", "err", err)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Second):
			}
		}
	}
}

// fetch waits for a first record, then collects more for at most
// batchWait or until batchSize.
func (in *ingester) fetch(ctx context.Context) ([]kafka.Message, error) {
	m, err := in.src.FetchMessage(ctx)
	if err != nil {
		return nil, err
	}
	batch := []kafka.Message{m}
	wctx, cancel := context.WithTimeout(ctx, in.batchWait)
	defer cancel()
	for len(batch) < in.batchSize {
		m, err := in.src.FetchMessage(wctx)
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				return batch, nil
			}
			return batch, err
		}
		batch = append(batch, m)
	}
	return batch, nil
}

// store decodes a batch and stores it: the alerts in one transaction,
// then the dispositions.
func (in *ingester) store(ctx context.Context, batch []kafka.Message) error {
	decoded, errs := decodeAlerts(batch, in.alertsTopic)
	var alerts []store.Alert
	var disps []disposition.Disposition
	for i, m := range batch {
		switch m.Topic {
		case in.alertsTopic:
			if errs[i] != nil {
				in.invalid(m, errs[i])
				continue
			}
			alerts = append(alerts, decoded[i])
		case in.dispTopic:
			if m.Value == nil {
				continue // a tombstone: compaction removed an alert's verdicts
			}
			d, err := disposition.Decode(m.Value)
			if err != nil {
				in.invalid(m, err)
				continue
			}
			disps = append(disps, d)
		}
	}
	sctx := context.WithoutCancel(ctx) // a batch being stored is finished
	if len(alerts) > 0 {
		added, err := in.st.AddAlerts(sctx, alerts)
		if err != nil {
			return err
		}
		in.metrics.records.WithLabelValues("alerts", "stored").Add(float64(added))
		in.metrics.records.WithLabelValues("alerts", "duplicate").Add(float64(len(alerts) - added))
	}
	for _, d := range disps {
		applied, err := in.st.ApplyDisposition(sctx, d)
		if err != nil {
			return err
		}
		result := "stored"
		if !applied {
			result = "superseded"
		}
		in.metrics.records.WithLabelValues("dispositions", result).Inc()
	}
	return nil
}

func (in *ingester) invalid(m kafka.Message, err error) {
	topic := "alerts"
	if m.Topic == in.dispTopic {
		topic = "dispositions"
	}
	in.metrics.records.WithLabelValues(topic, "invalid").Inc()
	in.log.Warn("skipping an invalid record", "topic", m.Topic, "partition", m.Partition, "offset", m.Offset, "err", err)
}

// decodeAlerts decodes the alerts of a batch on every core: decoding is
// half of ingesting, and the store's single writer waits for it.
func decodeAlerts(batch []kafka.Message, topic string) ([]store.Alert, []error) {
	out, errs := make([]store.Alert, len(batch)), make([]error, len(batch))
	workers := min(runtime.GOMAXPROCS(0), max(len(batch)/64, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(batch); i += workers {
				if batch[i].Topic == topic {
					out[i], errs[i] = decodeAlert(batch[i].Value)
				}
			}
		})
	}
	wg.Wait()
	return out, errs
}

// alertIndex is the part of an alert the store indexes: decoding only
// it spares allocating every description, reference and evidence text.
type alertIndex struct {
	ID          string    `json:"alert_id"`
	ShipmentID  string    `json:"shipment_id"`
	EventTime   time.Time `json:"event_time"`
	Score       float64   `json:"score"`
	Severity    string    `json:"severity"`
	Summary     string    `json:"summary"`
	Mode        string    `json:"mode"`
	Origin      place     `json:"origin"`
	Destination place     `json:"destination"`
	Parties     struct {
		Shipper     name `json:"shipper"`
		Consignee   name `json:"consignee"`
		NotifyParty name `json:"notify_party"`
	} `json:"parties"`
	Hits       []hitIndex `json:"hits"`
	ShadowHits []hitIndex `json:"shadow_hits"`
	Matches    []struct {
		Chemical   string  `json:"chemical"`
		Family     string  `json:"family"`
		Confidence float64 `json:"confidence"`
	} `json:"matches"`
}

type place struct {
	Country string `json:"country"`
}

type name struct {
	Name string `json:"name"`
}

type hitIndex struct {
	Rule     string `json:"rule"`
	Evidence []struct {
		Chemical string `json:"chemical"`
		Family   string `json:"family"`
	} `json:"evidence"`
}

// minMatchConfidence is the confidence from which a catalog match names
// the alert's chemicals, as the rules count matches.
const minMatchConfidence = 0.5

// decodeAlert decodes what the store needs of one alert of the topic,
// bounded and checked.
func decodeAlert(data []byte) (store.Alert, error) {
	if len(data) > maxAlertBytes {
		return store.Alert{}, fmt.Errorf("alert of %d bytes, more than %d", len(data), maxAlertBytes)
	}
	var x alertIndex
	if err := json.Unmarshal(data, &x); err != nil {
		return store.Alert{}, fmt.Errorf("decode alert: %w", err)
	}
	if x.ID == "" || len(x.ID) > 200 || x.EventTime.IsZero() {
		return store.Alert{}, errors.New("decode alert: no alert_id or event_time")
	}
	a := store.Alert{ID: x.ID, ShipmentID: x.ShipmentID, EventTime: x.EventTime, Severity: x.Severity, Score: x.Score,
		Summary: x.Summary, Mode: x.Mode, Origin: x.Origin.Country, Destination: x.Destination.Country,
		Shipper: x.Parties.Shipper.Name, Consignee: x.Parties.Consignee.Name, NotifyParty: x.Parties.NotifyParty.Name,
		JSON: data}
	seen := map[string]bool{}
	chem := func(id, family string) {
		if id != "" && !seen[id] {
			seen[id] = true
			a.Chemicals = append(a.Chemicals, store.Chemical{ID: id, Family: family})
		}
	}
	for _, h := range x.Hits {
		a.Rules = append(a.Rules, h.Rule)
		for _, ev := range h.Evidence {
			chem(ev.Chemical, ev.Family)
		}
	}
	for _, h := range x.ShadowHits {
		a.ShadowRules = append(a.ShadowRules, h.Rule)
		for _, ev := range h.Evidence {
			chem(ev.Chemical, ev.Family)
		}
	}
	for _, m := range x.Matches {
		if m.Confidence >= minMatchConfidence {
			chem(m.Chemical, m.Family)
		}
	}
	return a, nil
}
