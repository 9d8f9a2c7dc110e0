package pipeline

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// TLS configures TLS to the brokers.
type TLS struct {
	// Enabled turns TLS on. Default false.
	Enabled bool `yaml:"enabled"`
	// CAFile is a PEM bundle of CAs to trust. Default "" (system roots).
	CAFile string `yaml:"ca_file"`
	// CertFile and KeyFile are a PEM client certificate and key for mutual
	// TLS. Default "" (no client certificate); set both or neither.
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// InsecureSkipVerify disables server certificate checks. Default false.
	InsecureSkipVerify bool `yaml:"insecure_skip_verify"`
}

// SASL configures SASL authentication. The password is never logged.
type SASL struct {
	// Mechanism is "", PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. Default "" (none).
	Mechanism string `yaml:"mechanism"`
	// Username is required with a mechanism.
	Username string `yaml:"username"`
	// Password in clear. Prefer PasswordFile or PRECURSOR_SASL_PASSWORD
	// (resolved by cmd/precursor into this field).
	Password string `yaml:"password"`
	// PasswordFile holds the password (trailing newline trimmed); read by
	// cmd/precursor before New. Default "".
	PasswordFile string `yaml:"password_file"`
}

// String hides the password so a logged config never leaks it.
func (s SASL) String() string {
	pw := ""
	if s.Password != "" {
		pw = "<redacted>"
	}
	return fmt.Sprintf("{Mechanism:%s Username:%s Password:%s PasswordFile:%s}", s.Mechanism, s.Username, pw, s.PasswordFile)
}

// SASL mechanism names accepted by Config.
const (
	SASLPlain       = "PLAIN"
	SASLScramSHA256 = "SCRAM-SHA-256"
	SASLScramSHA512 = "SCRAM-SHA-512"
)

func (t TLS) validate() []error {
	var errs []error
	if !t.Enabled && (t.CAFile != "" || t.CertFile != "" || t.KeyFile != "" || t.InsecureSkipVerify) {
		errs = append(errs, errors.New("tls: files or insecure_skip_verify set but tls.enabled is false"))
	}
	if (t.CertFile == "") != (t.KeyFile == "") {
		errs = append(errs, errors.New("tls: cert_file and key_file must be set together"))
	}
	return errs
}

func (s SASL) validate() []error {
	var errs []error
	switch s.Mechanism {
	case "":
		if s.Username != "" || s.Password != "" || s.PasswordFile != "" {
			errs = append(errs, errors.New("sasl: credentials set but sasl.mechanism is empty"))
		}
		return errs
	case SASLPlain, SASLScramSHA256, SASLScramSHA512:
	default:
		errs = append(errs, fmt.Errorf("sasl.mechanism: %q is not PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", s.Mechanism))
	}
	if s.Username == "" {
		errs = append(errs, errors.New("sasl.username: required with a mechanism"))
	}
	if s.Password == "" && s.PasswordFile == "" {
		errs = append(errs, errors.New("sasl.password: required with a mechanism (or password_file, or PRECURSOR_SASL_PASSWORD)"))
	}
	return errs
}

// security holds the TLS config and SASL mechanism built from Config.
type security struct {
	tls  *tls.Config
	sasl sasl.Mechanism
}

// newSecurity reads the TLS files and builds the SASL mechanism.
func newSecurity(c Config) (security, error) {
	var s security
	if c.TLS.Enabled {
		t := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: c.TLS.InsecureSkipVerify} //nolint:gosec // opt-in
		if c.TLS.CAFile != "" {
			pem, err := os.ReadFile(c.TLS.CAFile)
			if err != nil {
				return s, fmt.Errorf("tls ca: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return s, fmt.Errorf("tls ca: %s: no PEM certificates", c.TLS.CAFile)
			}
			t.RootCAs = pool
		}
		if c.TLS.CertFile != "" {
			cert, err := tls.LoadX509KeyPair(c.TLS.CertFile, c.TLS.KeyFile)
			if err != nil {
				return s, fmt.Errorf("tls client certificate: %w", err)
			}
			t.Certificates = []tls.Certificate{cert}
		}
		s.tls = t
	}
	switch c.SASL.Mechanism {
	case SASLPlain:
		s.sasl = plain.Mechanism{Username: c.SASL.Username, Password: c.SASL.Password}
	case SASLScramSHA256, SASLScramSHA512:
		algo := scram.SHA256
		if c.SASL.Mechanism == SASLScramSHA512 {
			algo = scram.SHA512
		}
		m, err := scram.Mechanism(algo, c.SASL.Username, c.SASL.Password)
		if err != nil {
			return s, fmt.Errorf("sasl: %w", err)
		}
		s.sasl = m
	}
	return s, nil
}

func (s security) transport() *kafka.Transport {
	return &kafka.Transport{TLS: s.tls, SASL: s.sasl, ClientID: "precursor"}
}

func (s security) dialer() *kafka.Dialer {
	return &kafka.Dialer{Timeout: 10 * time.Second, DualStack: true, TLS: s.tls, SASLMechanism: s.sasl, ClientID: "precursor"}
}
