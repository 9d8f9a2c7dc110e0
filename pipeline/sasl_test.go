package pipeline

import (
	"testing"
	"time"

	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// TestEndToEndSASL authenticates the reader, the writers and the admin
// client with each supported mechanism against a broker that requires
// SASL (the real cluster's SASL_PLAINTEXT listener), and checks that a wrong password keeps the pipeline unready
// without processing anything.
func TestEndToEndSASL(t *testing.T) {
	eng := defaultEngine(t)
	for _, mech := range []string{SASLPlain, SASLScramSHA256, SASLScramSHA512} {
		t.Run(mech, func(t *testing.T) {
			c, user, pass := saslCluster(t, mech)
			cfg := c.testConfig(t, 2)
			cfg.SASL = SASL{Mechanism: mech, Username: user, Password: pass}
			cfg.CreateTopics = true
			msgs := buildStream(t, "sasl", 60, false)
			ex := expect(t, eng, msgs)
			c.produce(t, cfg.Topics.Input, msgs)
			r := startPipeline(t, cfg, Options{Engine: eng})
			c.waitCommitted(t, cfg, 20*time.Second)
			r.stop()
			if got := r.p.Stats().Alerts; got != int64(len(ex.alerts)) {
				t.Errorf("%d alerts written, want %d", got, len(ex.alerts))
			}

			bad := cfg
			bad.GroupID += "-bad"
			bad.SASL.Password = "wrong"
			rb := startPipeline(t, bad, Options{Engine: eng})
			time.Sleep(time.Second)
			if s := rb.p.Stats(); s.Ready || s.Consumed != 0 {
				t.Errorf("with a wrong password: %+v, want not ready and nothing consumed", s)
			}
			rb.stop()
		})
	}
}

func testSecurity(t *testing.T, mech, user, pass string) security {
	t.Helper()
	switch mech {
	case SASLPlain:
		return security{sasl: plain.Mechanism{Username: user, Password: pass}}
	case SASLScramSHA256, SASLScramSHA512:
		algo := scram.SHA256
		if mech == SASLScramSHA512 {
			algo = scram.SHA512
		}
		m, err := scram.Mechanism(algo, user, pass)
		if err != nil {
			t.Fatal(err)
		}
		return security{sasl: m}
	}
	return security{}
}
