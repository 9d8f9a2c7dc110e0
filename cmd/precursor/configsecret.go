package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/precursorwatch/precursor/internal/yamlsrc"
	"gopkg.in/yaml.v3"
)

// secretKeys are the config keys that would hold a secret in clear. A
// config file is often committed, mounted from a ConfigMap or printed, so
// a secret written in it is refused; it belongs in a file of its own
// (sasl.password_file, a mounted Secret) or in the environment.
var secretKeys = map[string]string{
	"sasl.password": "put the password in a file named by sasl.password_file, or in PRECURSOR_SASL_PASSWORD",
}

// refuseSecrets returns an error naming, with its position, the first key
// of secretKeys that doc sets. The message never holds the value.
func refuseSecrets(path string, doc *yaml.Node) error {
	if len(doc.Content) == 0 {
		return nil
	}
	var found error
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		if n.Kind != yaml.MappingNode || found != nil {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := prefix + k.Value
			if hint, secret := secretKeys[key]; secret {
				found = fmt.Errorf("config %s: %s: a secret is not read from the config file; %s",
					yamlsrc.At(path, k), key, hint)
				return
			}
			walk(v, key+".")
		}
	}
	walk(doc.Content[0], "")
	return found
}

// quotedValue is how yaml.v3 quotes a scalar in its type errors
// ("cannot unmarshal !!str `hunter2` into int").
var quotedValue = regexp.MustCompile("(cannot unmarshal !![a-z]+) `[^`]*`")

// withoutValues removes the values yaml.v3 quotes from its error messages,
// so that a secret written under the wrong key is not printed.
func withoutValues(msg string) string {
	return strings.TrimSpace(quotedValue.ReplaceAllString(msg, "$1 value"))
}
