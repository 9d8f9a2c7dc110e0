package pipeline

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
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

// CheckSecurity reads the TLS files, builds the SASL mechanism and checks
// the web configuration file (web.go) exactly as New will, without
// connecting. It reports every problem at once (joined
// with errors.Join); no message ever contains the password. now decides
// whether the client certificate has expired.
func CheckSecurity(c Config, now time.Time) error {
	_, errs := buildSecurity(c, now)
	return errors.Join(errs...)
}

// newSecurity reads the TLS files and builds the SASL mechanism.
func newSecurity(c Config) (security, error) {
	s, errs := buildSecurity(c, time.Now())
	return s, errors.Join(errs...)
}

func buildSecurity(c Config, now time.Time) (security, []error) {
	var s security
	var errs []error
	if c.TLS.Enabled {
		t, tlsErrs := buildTLS(c.TLS, now)
		s.tls, errs = t, tlsErrs
	}
	m, err := buildSASL(c.SASL)
	if err != nil {
		errs = append(errs, err...)
	}
	s.sasl = m
	if c.WebConfigFile != "" {
		if err := checkWebConfig(c.WebConfigFile); err != nil {
			errs = append(errs, err)
		}
	}
	return s, errs
}

// buildTLS reads the CA bundle and the client pair; the pair must be current.
func buildTLS(c TLS, now time.Time) (*tls.Config, []error) {
	t := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: c.InsecureSkipVerify} //nolint:gosec // opt-in
	var errs []error
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		pool := x509.NewCertPool()
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("tls ca_file: %s: %w", c.CAFile, unwrapPath(err)))
		case !pool.AppendCertsFromPEM(pem):
			errs = append(errs, fmt.Errorf("tls ca_file: %s: no PEM certificate", c.CAFile))
		default:
			t.RootCAs = pool
		}
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("tls cert_file %s, key_file %s: %w", c.CertFile, c.KeyFile, err))
		case cert.Leaf != nil && now.After(cert.Leaf.NotAfter):
			errs = append(errs, fmt.Errorf("tls cert_file: %s: certificate expired on %s",
				c.CertFile, cert.Leaf.NotAfter.UTC().Format(time.RFC3339)))
		default:
			t.Certificates = []tls.Certificate{cert}
		}
	}
	return t, errs
}

// unwrapPath drops the "open PATH" wrapper of a file error, so messages
// name the path once and in the caller's words.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// buildSASL builds the mechanism. SCRAM's SASLprep errors quote their input,
// so user name and password are checked apart and the password's message is
// fixed text.
func buildSASL(c SASL) (sasl.Mechanism, []error) {
	switch c.Mechanism {
	case SASLPlain:
		return plain.Mechanism{Username: c.Username, Password: c.Password}, nil
	case SASLScramSHA256, SASLScramSHA512:
	default:
		return nil, nil
	}
	algo := scram.SHA256
	if c.Mechanism == SASLScramSHA512 {
		algo = scram.SHA512
	}
	var errs []error
	if _, err := scram.Mechanism(algo, c.Username, "x"); err != nil {
		errs = append(errs, fmt.Errorf("sasl: username %q has a character that SASLprep (RFC 4013) prohibits", c.Username))
	}
	if _, err := scram.Mechanism(algo, "x", c.Password); err != nil {
		errs = append(errs, errors.New("sasl: the password has a character that SASLprep (RFC 4013) prohibits, such as a control character"))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	m, err := scram.Mechanism(algo, c.Username, c.Password)
	if err != nil {
		return nil, []error{errors.New("sasl: cannot build the SCRAM mechanism")}
	}
	return m, nil
}

func (s security) transport() *kafka.Transport {
	return &kafka.Transport{TLS: s.tls, SASL: s.sasl, ClientID: "precursor"}
}

func (s security) dialer() *kafka.Dialer {
	return &kafka.Dialer{Timeout: 10 * time.Second, DualStack: true, TLS: s.tls, SASLMechanism: s.sasl, ClientID: "precursor"}
}
