package pipeline

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"github.com/prometheus/exporter-toolkit/web"
	"golang.org/x/crypto/bcrypt"
	"gopkg.in/yaml.v3"
)

// The HTTP endpoints are secured the way every Prometheus exporter
// secures them: by an exporter-toolkit web configuration file
// (web_config_file, the exporters' --web.config.file), documented at
// https://prometheus.io/docs/prometheus/latest/configuration/https/:
//
//	tls_server_config:
//	  cert_file: /etc/precursor/web/tls.crt
//	  key_file: /etc/precursor/web/tls.key
//	basic_auth_users:
//	  prometheus: $2y$10$...   # a bcrypt hash, never the password
//
// exporter-toolkit re-reads the file on every request, so certificates
// and users rotate without a restart. checkWebConfig runs at start and in
// `run --check`: it reads the file within the YAML bounds (yamlsrc),
// refuses a user whose value is not a bcrypt hash (a password written in
// clear) by naming the user, then runs exporter-toolkit's own validation
// (certificates, keys, cipher names). No message quotes a value of the
// file.

// checkWebConfig validates the web configuration file at path.
func checkWebConfig(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("web_config_file: %w", err)
	}
	var doc yaml.Node
	if err := yamlsrc.Unmarshal(path, data, &doc); err != nil {
		at, problem := yamlsrc.Syntax(path, data, err, 1)
		return fmt.Errorf("web_config_file %s: %s", at, redactValues(problem))
	}
	if len(doc.Content) > 0 {
		users := yamlsrc.Value(doc.Content[0], "basic_auth_users")
		if err := checkUsers(path, users); err != nil {
			return err
		}
	}
	if err := web.Validate(path); err != nil {
		return fmt.Errorf("web_config_file %s: %s", path, redactWebError(err))
	}
	return nil
}

// checkUsers requires every basic_auth_users value to be a bcrypt hash.
func checkUsers(path string, users *yaml.Node) error {
	if users == nil || users.Kind != yaml.MappingNode {
		return nil
	}
	var errs []error
	for i := 0; i+1 < len(users.Content); i += 2 {
		k, v := users.Content[i], users.Content[i+1]
		if _, err := bcrypt.Cost([]byte(v.Value)); v.Kind != yaml.ScalarNode || err != nil {
			errs = append(errs, fmt.Errorf("web_config_file %s: basic_auth_users: user %q: the value must be a bcrypt hash of the password, not the password "+
				"(make one with htpasswd -nBC 10 %q | cut -d: -f2)", yamlsrc.At(path, v), k.Value, k.Value))
		}
	}
	return errors.Join(errs...)
}

// yamlQuoted is how YAML libraries quote a scalar in their errors
// ("cannot unmarshal !!str `hunter2` into ...").
var yamlQuoted = regexp.MustCompile("`[^`]*`")

// redactValues removes the values YAML libraries quote in their errors.
func redactValues(msg string) string {
	return yamlQuoted.ReplaceAllString(msg, "(value redacted)")
}

// redactWebError words an error of exporter-toolkit without the values
// of the web configuration file it may quote.
func redactWebError(err error) string {
	if err == nil {
		return ""
	}
	return strings.TrimSpace(redactValues(err.Error()))
}
