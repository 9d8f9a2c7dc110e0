package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/console"
)

// consoleFlags are the flags of `precursor console`.
type consoleFlags struct {
	cfg                 console.Config
	brokers, proxies    string
	logLevel, logFormat string
	noCreateTopic       bool
	hashPassword        string
}

// runConsole implements `precursor console`: the analysts' triage console.
func runConsole(ctx context.Context, args []string, s stdio) error {
	f := consoleFlags{cfg: console.DefaultConfig()}
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(s.err)
	c := &f.cfg
	httpFlag(fs, &c.Listen, c.Listen)
	fs.StringVar(&f.brokers, "brokers", "127.0.0.1:9092", "Kafka bootstrap `brokers`, comma-separated")
	fs.StringVar(&c.AlertsTopic, "alerts-topic", c.AlertsTopic, "alert `topic` to read")
	fs.StringVar(&c.DispositionsTopic, "dispositions-topic", c.DispositionsTopic, "compacted dispositions `topic` to read and write")
	fs.StringVar(&c.GroupPrefix, "group-prefix", c.GroupPrefix, "consumer group `prefix` (the group is PREFIX-STOREID)")
	fs.BoolVar(&f.noCreateTopic, "no-create-topic", false, "do not create the dispositions topic when it is missing")
	fs.StringVar(&c.StorePath, "store", "", "SQLite store `FILE` (default: a temporary store rebuilt from the topics at each start)")
	fs.StringVar(&c.CatalogFile, "catalog", "", "precursor catalog `FILE` (default: the embedded catalog)")
	fs.StringVar(&c.AccountsFile, "accounts", "", "accounts `FILE`: one name:bcrypt-hash a line (see -hash-password)")
	fs.StringVar(&c.ProxyHeader, "proxy-header", "", "`header` a trusted reverse proxy sets to the analyst's name, e.g. X-Forwarded-User")
	fs.StringVar(&f.proxies, "trusted-proxies", "", "`CIDRs` whose proxy header is believed, comma-separated")
	fs.StringVar(&c.TLSCertFile, "tls-cert", "", "TLS certificate `FILE` (PEM); with -tls-key serves HTTPS")
	fs.StringVar(&c.TLSKeyFile, "tls-key", "", "TLS key `FILE` (PEM)")
	fs.DurationVar(&c.SessionTTL, "session-ttl", c.SessionTTL, "how long a login lasts")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&f.logFormat, "log-format", "text", "text or json (the audit log is the lines with audit=true)")
	fs.StringVar(&f.hashPassword, "hash-password", "", "print the accounts-file line for account `NAME`, reading its password from stdin, and exit")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: precursor console --brokers HOST:PORT (--accounts FILE | --proxy-header H --trusted-proxies CIDRS) [flags]")
		fmt.Fprintln(s.err, "\nServes the analysts' triage console: the alert queue, alert pages and dispositions.")
		fmt.Fprintln(s.err, "\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return helpIsNotAnError(err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	if f.hashPassword != "" {
		return hashPassword(f.hashPassword, s)
	}
	c.Brokers = splitList(f.brokers)
	c.TrustedProxies = splitList(f.proxies)
	c.CreateTopic = !f.noCreateTopic
	if err := c.Validate(); err != nil {
		return usagef("%v", err)
	}
	cons, err := console.New(*c, console.Options{Logger: newLogger(s.err, f.logLevel, f.logFormat)})
	if err != nil {
		return err
	}
	return cons.Run(ctx)
}

// hashPassword reads a password (one line) from stdin and prints the
// accounts-file line.
func hashPassword(user string, s stdio) error {
	sc := bufio.NewScanner(s.in)
	if !sc.Scan() {
		return usagef("-hash-password: no password on stdin")
	}
	line, err := console.HashPassword(user, strings.TrimRight(sc.Text(), "\r"))
	if err != nil {
		return usagef("%v", err)
	}
	fmt.Fprintln(s.out, line)
	return nil
}

// splitList splits a comma-separated flag, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// consoleStartTimeout bounds how long a caller waits for the console to
// listen.
const consoleStartTimeout = 5 * time.Second
