package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigNeverEchoesSecrets: a password written in the config file is
// refused with a message naming the key and its position, never the
// value, also when it sits where another type is expected.
func TestConfigNeverEchoesSecrets(t *testing.T) {
	const secret = "hunter2-Tr0ub4dor"
	tests := []struct {
		name, yaml string
		want       string
	}{
		{"password as a scalar", "brokers: [a:1]\nsasl:\n  mechanism: PLAIN\n  username: u\n  password: " + secret + "\n",
			"c.yaml:5:3: sasl.password: a secret is not read from the config file; put the password in a file named by sasl.password_file"},
		{"password in place of the sasl mapping", "brokers: [a:1]\nsasl: " + secret + "\n",
			"c.yaml:2:7: sasl: want a mapping of sasl.* keys, not a scalar"},
		{"password in place of a number", "brokers: [a:1]\nbatch_size: " + secret + "\n",
			"c.yaml:2:13: batch_size: the value is not an integer"},
		{"password as a flow mapping value", "{brokers: [a:1], sasl: {password: '" + secret + "'}}\n",
			"c.yaml:1:25: sasl.password: a secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			writeRunFile(t, path, tt.yaml)
			var stderr bytes.Buffer
			_, _, err := loadRunConfig([]string{"--config", path}, func(string) string { return "" }, &stderr)
			if err == nil {
				t.Fatal("config accepted")
			}
			msg := err.Error() + stderr.String()
			if strings.Contains(msg, secret) || strings.Contains(msg, secret[:7]) {
				t.Errorf("error echoes the secret: %s", msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q lacks %q", msg, tt.want)
			}
		})
	}
}

// TestConfigYAMLBounds: the config file goes through the same YAML
// bounds as every other source.
func TestConfigYAMLBounds(t *testing.T) {
	var b strings.Builder
	b.WriteString("brokers: [a:1]\nx0: &a0 {k: v}\n")
	for i := 1; i <= 8; i++ {
		b.WriteString("x" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " {<<: [" +
			strings.TrimSuffix(strings.Repeat("*a"+string(rune('0'+i-1))+", ", 9), ", ") + "]}\n")
	}
	path := filepath.Join(t.TempDir(), "c.yaml")
	writeRunFile(t, path, b.String())
	_, _, err := loadRunConfig([]string{"--config", path}, func(string) string { return "" }, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "c.yaml:7:") || !strings.Contains(err.Error(), "alias *a4") {
		t.Fatalf("err = %v, want the alias bound at c.yaml:7", err)
	}
}
