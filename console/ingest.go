package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/precursorwatch/precursor/console/store"
	"github.com/precursorwatch/precursor/rules"
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
	var alerts []store.Alert
	var disps []disposition.Disposition
	for _, m := range batch {
		switch m.Topic {
		case in.alertsTopic:
			a, err := decodeAlert(m.Value)
			if err != nil {
				in.invalid(m, err)
				continue
			}
			alerts = append(alerts, store.Alert{Alert: a, JSON: m.Value})
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

// decodeAlert decodes one alert of the topic, bounded and checked for
// what the store needs.
func decodeAlert(data []byte) (*rules.Alert, error) {
	if len(data) > maxAlertBytes {
		return nil, fmt.Errorf("alert of %d bytes, more than %d", len(data), maxAlertBytes)
	}
	var a rules.Alert
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("decode alert: %w", err)
	}
	if a.ID == "" || len(a.ID) > 200 || a.EventTime.IsZero() {
		return nil, errors.New("decode alert: no alert_id or event_time")
	}
	return &a, nil
}
