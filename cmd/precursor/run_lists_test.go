package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The list settings come from the config file, the environment and flags
// like every other setting; --lists may be repeated.
func TestRunListSettings(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "run.yaml")
	writeRunFile(t, file, "brokers: [a:1]\nlists: [sdn.xml, \"curated=own.yaml\"]\nlist_exceptions: [x.yaml]\nlist_max_age: 48h\n")
	for _, tc := range []struct {
		name       string
		args       []string
		env        map[string]string
		lists, exc []string
		maxAge     time.Duration
	}{
		{"defaults", []string{"--brokers", "a:1"}, nil, nil, nil, 720 * time.Hour},
		{"config file", []string{"--config", file}, nil, []string{"sdn.xml", "curated=own.yaml"}, []string{"x.yaml"}, 48 * time.Hour},
		{"environment", []string{"--brokers", "a:1"}, map[string]string{"PRECURSOR_LISTS": "a.xml, b.csv", "PRECURSOR_LIST_MAX_AGE": "24h"},
			[]string{"a.xml", "b.csv"}, nil, 24 * time.Hour},
		{"repeated flags win", []string{"--config", file, "--lists", "un=un.xml", "--lists", "eu.xml,ftm.json", "--list-exceptions", "y.yaml"},
			map[string]string{"PRECURSOR_LISTS": "env.xml"}, []string{"un=un.xml", "eu.xml", "ftm.json"}, []string{"y.yaml"}, 48 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := loadRunConfig(tc.args, func(k string) string { return tc.env[k] }, &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cfg.Lists, tc.lists) || !slices.Equal(cfg.ListExceptions, tc.exc) || cfg.ListMaxAge != tc.maxAge {
				t.Errorf("lists %q, exceptions %q, max age %v; want %q, %q, %v", cfg.Lists, cfg.ListExceptions, cfg.ListMaxAge, tc.lists, tc.exc, tc.maxAge)
			}
		})
	}
	_, _, err := loadRunConfig([]string{"--brokers", "a:1", "--lists", "Bad Id=x.xml"}, func(string) string { return "" }, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `lists: list "Bad Id=x.xml"`) {
		t.Errorf("a bad list id: %v", err)
	}
}

// `run --check` loads the lists the service would load: every problem of
// a broken list positioned, or what was loaded, with a warning for a list
// older than list_max_age.
func TestRunCheckLists(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "own.yaml")
	writeRunFile(t, broken, "list:\n  id: own\n  title: Own list\n  published: 2026-13-01\nentries:\n  - id: X-1\n    kind: indictment\n")
	code, out, errs := runCmd(t, "run", "--brokers", "x:1", "--check", "--lists", broken)
	if code != exitFindings || !strings.Contains(errs, broken+":4:14: ") {
		t.Errorf("broken list: exit %d, stderr lacks a problem at %s:4:14:\n%s%s", code, broken, out, errs)
	}

	sdn, err := os.ReadFile("../../parties/sample/us_ofac_sdn.xml")
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "sdn.xml")
	writeRunFile(t, good, string(sdn))
	code, out, errs = runCmd(t, "run", "--brokers", "x:1", "--check", "--lists", good, "--list-max-age", "24h")
	for _, w := range []string{"# list us-ofac-sdn: 12 entries, published 2025-10-06", "# warning: list us-ofac-sdn is ", "PrecursorPartyListStale"} {
		if code != exitOK || !strings.Contains(out, w) {
			t.Errorf("exit %d, stdout lacks %q:\n%s%s", code, w, out, errs)
		}
	}
	if code, out, _ := runCmd(t, "run", "--brokers", "x:1", "--check"); code != exitOK || !strings.Contains(out, "# lists: the embedded sample lists") {
		t.Errorf("default lists: exit %d:\n%s", code, out)
	}
}
