package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/pipeline"
	"github.com/precursorwatch/precursor/rules/rulediff"
)

// topicRangeFlags are the flags of `rules diff` that read a range of a
// Kafka topic instead of files.
type topicRangeFlags struct {
	topic, brokers, from, to, config string
	now                              func() time.Time
	rng                              pipeline.TopicRange
}

func (f *topicRangeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.topic, "topic", "", "read the manifests of Kafka `TOPIC` instead of files")
	fs.StringVar(&f.brokers, "brokers", "", "comma-separated bootstrap brokers host:port of --topic (default: those of --config)")
	fs.StringVar(&f.from, "from", "", "start of the range of --topic: an `OFFSET` (in every partition), an RFC 3339 time or date, or a duration before now (24h); default the start")
	fs.StringVar(&f.to, "to", "", "end of the range (excluded), like --from; default the end when the diff starts")
	fs.StringVar(&f.config, "config", "", "take brokers, TLS and SASL of --topic from the service's configuration `FILE`")
}

// check resolves the flags into the range to read.
func (f *topicRangeFlags) check() error {
	if f.topic == "" {
		if f.brokers != "" || f.from != "" || f.to != "" || f.config != "" {
			return usagef("--brokers, --from, --to and --config go with --topic")
		}
		return nil
	}
	if f.now == nil {
		f.now = time.Now
	}
	cfg := pipeline.DefaultConfig()
	if f.config != "" {
		if err := readConfigFile(f.config, &cfg, runSettings(), func(string) {}); err != nil {
			return usagef("%v", err)
		}
	}
	if f.brokers != "" {
		cfg.Brokers = strings.Split(f.brokers, ",")
	}
	if len(cfg.Brokers) == 0 {
		return usagef("--topic needs --brokers (or --config)")
	}
	if err := resolvePassword(&cfg); err != nil {
		return err
	}
	f.rng = pipeline.TopicRange{Brokers: cfg.Brokers, Topic: f.topic, TLS: cfg.TLS, SASL: cfg.SASL}
	var err error
	if f.rng.From, err = parseBound("--from", f.from, f.now()); err != nil {
		return err
	}
	f.rng.To, err = parseBound("--to", f.to, f.now())
	return err
}

// parseBound reads an offset, an RFC 3339 time, a date or a duration
// before now.
func parseBound(flagName, s string, now time.Time) (pipeline.Bound, error) {
	if s == "" {
		return pipeline.Bound{}, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 {
		return pipeline.Bound{Offset: n, HasOffset: true}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return pipeline.Bound{Time: t}, nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return pipeline.Bound{Time: now.Add(-d)}, nil
	}
	return pipeline.Bound{}, usagef("%s %q: want an offset, an RFC 3339 time, a date (2026-11-30) or a duration before now (24h)", flagName, s)
}

// resolvePassword reads sasl.password_file or PRECURSOR_SASL_PASSWORD as
// `precursor run` does.
func resolvePassword(cfg *pipeline.Config) error {
	if pw := os.Getenv("PRECURSOR_SASL_PASSWORD"); pw != "" {
		cfg.SASL.Password = pw
	}
	if cfg.SASL.Password != "" || cfg.SASL.PasswordFile == "" {
		return nil
	}
	b, err := os.ReadFile(cfg.SASL.PasswordFile)
	if err != nil {
		return fmt.Errorf("sasl.password_file: %s", pathProblem(err))
	}
	cfg.SASL.Password = strings.TrimRight(string(b), "\r\n")
	return nil
}

// open opens the range as a source of events named TOPIC/PARTITION@OFFSET.
func (f *topicRangeFlags) open(ctx context.Context) (rulediff.Source, func(), error) {
	rr, err := pipeline.OpenRange(ctx, f.rng)
	if err != nil {
		return nil, nil, err
	}
	return &topicSource{rr: rr, topic: f.topic}, func() { rr.Close() }, nil
}

// topicSource adapts a pipeline.RangeReader to a rulediff.Source.
type topicSource struct {
	rr    *pipeline.RangeReader
	topic string
	where []byte
}

func (s *topicSource) Next(ctx context.Context) (rulediff.Event, error) {
	m, err := s.rr.Next(ctx)
	if err != nil {
		if err == io.EOF {
			return rulediff.Event{}, io.EOF
		}
		return rulediff.Event{}, err
	}
	s.where = strconv.AppendInt(append(append(s.where[:0], s.topic...), '/'), int64(m.Partition), 10)
	s.where = strconv.AppendInt(append(s.where, '@'), m.Offset, 10)
	return rulediff.Event{Value: m.Value, Where: s.where}, nil
}
