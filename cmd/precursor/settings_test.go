package main

import (
	"bytes"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/precursorwatch/precursor/pipeline"
)

// configKeys lists the YAML key paths of t's leaf fields ("tls.ca_file").
func configKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[time.Time]() {
			keys = append(keys, configKeys(f.Type, prefix+name+".")...)
			continue
		}
		keys = append(keys, prefix+name)
	}
	return keys
}

// Every key of the config file is a setting, so it has a flag and an
// environment variable of the same name, and no two settings share one.
func TestRunSettingsAreConfigKeys(t *testing.T) {
	want := configKeys(reflect.TypeFor[pipeline.Config](), "")
	want = slices.DeleteFunc(want, func(k string) bool { return k == "sasl.password" }) // env or file only, never a flag
	var got []string
	flags, envs := map[string]bool{}, map[string]bool{}
	for _, st := range runSettings() {
		got = append(got, st.key)
		if flags[st.flag()] || envs[st.env()] {
			t.Errorf("setting %s: flag --%s or %s is taken", st.key, st.flag(), st.env())
		}
		flags[st.flag()], envs[st.env()] = true, true
		if st.was.flag == st.flag() || st.was.env == st.env() || st.was.key == st.key {
			t.Errorf("setting %s: a former name equals the current one: %+v", st.key, st.was)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("settings %q\nconfig keys %q", got, want)
	}
	if st := runSettings()[slices.IndexFunc(runSettings(), func(s setting) bool { return s.key == "tls.ca_file" })]; st.flag() != "tls-ca-file" || st.env() != "PRECURSOR_TLS_CA_FILE" {
		t.Errorf("tls.ca_file: flag %s, env %s", st.flag(), st.env())
	}
}

// The names of this release's renames still work for one release, each
// with a warning naming the new name; the new name wins over the old.
func TestRunFormerNames(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.yaml")
	writeRunFile(t, old, "brokers: [a:1]\nrules_dir: /old/rules\ncatalog_file: /old/catalog.yaml\nhttp_listen: \":1111\"\n")
	both := filepath.Join(dir, "both.yaml")
	writeRunFile(t, both, "brokers: [a:1]\nhttp: \":2222\"\nhttp_listen: \":1111\"\n")
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		check func(c pipeline.Config) bool
		warns []string
	}{
		{"former flags", []string{"--brokers", "a:1", "--rules-dir", "/r", "--http-listen", ":1", "--input-topic", "in2",
			"--tls", "--tls-ca", "ca.pem", "--tls-cert", "c.pem", "--tls-key", "k.pem"}, nil,
			func(c pipeline.Config) bool {
				return c.RulesDir == "/r" && c.HTTPListen == ":1" && c.Topics.Input == "in2" && c.TLS.Enabled &&
					c.TLS.CAFile == "ca.pem" && c.TLS.CertFile == "c.pem" && c.TLS.KeyFile == "k.pem"
			},
			[]string{"flag --rules-dir is deprecated; use --rules", "flag --http-listen is deprecated; use --http",
				"flag --input-topic is deprecated; use --topics-input", "flag --tls is deprecated; use --tls-enabled",
				"flag --tls-ca is deprecated; use --tls-ca-file"}},
		{"former environment variables", []string{"--brokers", "a:1"},
			map[string]string{"PRECURSOR_RULES_DIR": "/r", "PRECURSOR_CATALOG_FILE": "/c.yaml", "PRECURSOR_DEAD_LETTERS_TOPIC": "dl2"},
			func(c pipeline.Config) bool {
				return c.RulesDir == "/r" && c.CatalogFile == "/c.yaml" && c.Topics.DeadLetters == "dl2"
			},
			[]string{"PRECURSOR_RULES_DIR is deprecated; use PRECURSOR_RULES", "PRECURSOR_CATALOG_FILE is deprecated; use PRECURSOR_CATALOG"}},
		{"new environment variable wins", []string{"--brokers", "a:1"},
			map[string]string{"PRECURSOR_HTTP_LISTEN": ":1", "PRECURSOR_HTTP": ":2"},
			func(c pipeline.Config) bool { return c.HTTPListen == ":2" },
			[]string{"PRECURSOR_HTTP_LISTEN is deprecated; use PRECURSOR_HTTP"}},
		{"new flag wins over the environment", []string{"--brokers", "a:1", "--rules", "/flag"},
			map[string]string{"PRECURSOR_RULES_DIR": "/env"},
			func(c pipeline.Config) bool { return c.RulesDir == "/flag" }, []string{"PRECURSOR_RULES_DIR is deprecated"}},
		{"no warning for the new names", []string{"--brokers", "a:1", "--rules", "/r", "--tls-enabled"},
			map[string]string{"PRECURSOR_CATALOG": "/c.yaml", "PRECURSOR_TOPICS_INPUT": "in3"},
			func(c pipeline.Config) bool {
				return c.RulesDir == "/r" && c.CatalogFile == "/c.yaml" && c.Topics.Input == "in3" && c.TLS.Enabled
			}, nil},
		{"former config keys", []string{"--config", old}, nil,
			func(c pipeline.Config) bool {
				return c.RulesDir == "/old/rules" && c.CatalogFile == "/old/catalog.yaml" && c.HTTPListen == ":1111"
			},
			[]string{"old.yaml:2:1: key rules_dir is deprecated; use rules", "old.yaml:3:1: key catalog_file is deprecated; use catalog",
				"old.yaml:4:1: key http_listen is deprecated; use http"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			cfg, _, err := loadRunConfig(tc.args, func(k string) string { return tc.env[k] }, &stderr)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(cfg) {
				t.Errorf("config %+v", cfg)
			}
			for _, w := range tc.warns {
				if !strings.Contains(stderr.String(), "precursor run: warning: ") || !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks warning %q:\n%s", w, stderr.String())
				}
			}
			if len(tc.warns) == 0 && stderr.Len() > 0 {
				t.Errorf("unexpected warnings:\n%s", stderr.String())
			}
		})
	}
	t.Run("former and new config key together", func(t *testing.T) {
		_, _, err := loadRunConfig([]string{"--config", both}, func(string) string { return "" }, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "both.yaml:3:1: http_listen is the former name of http, which the file sets too") {
			t.Errorf("err = %v, want the conflict with its position", err)
		}
	})
}
