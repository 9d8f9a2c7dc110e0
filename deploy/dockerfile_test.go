package deploy_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction with continuation lines joined.
type instruction struct {
	line int
	cmd  string // upper case: FROM, COPY, RUN...
	args string
}

func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	var out []instruction
	sc := bufio.NewScanner(bytes.NewReader(readFile(t, path)))
	var cur strings.Builder
	start, n := 0, 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		if body, more := strings.CutSuffix(line, "\\"); more {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(line)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, instruction{line: start, cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args)})
		cur.Reset()
	}
	return out
}

// TestDockerfile checks the image against the repository: COPY sources
// exist in the build context (the repository root) and are not ignored,
// the version ldflag names a real variable, and the image runs `precursor
// run` as user 65532 with the metrics port exposed.
func TestDockerfile(t *testing.T) {
	const file = "Dockerfile"
	ins := parseDockerfile(t, file)
	ignored := dockerignore(t)
	var expose, user, entrypoint string
	froms := 0
	for _, in := range ins {
		switch in.cmd {
		case "FROM":
			froms++
		case "COPY", "ADD":
			checkCopy(t, file, in, ignored)
		case "EXPOSE":
			expose = in.args
		case "USER":
			user = in.args
		case "ENTRYPOINT":
			entrypoint = in.args
		case "RUN":
			checkLdflags(t, file, in)
		}
	}
	if froms < 2 {
		t.Errorf("%s: %d stages, want a builder and a final stage", file, froms)
	}
	if expose != metricsPort {
		t.Errorf("%s: EXPOSE %q, want %s", file, expose, metricsPort)
	}
	if !strings.HasPrefix(user, "65532") {
		t.Errorf("%s: USER %q, want 65532 (non-root)", file, user)
	}
	if !strings.Contains(entrypoint, `"run"`) {
		t.Errorf("%s: ENTRYPOINT %s does not run `precursor run`", file, entrypoint)
	}
}

func checkCopy(t *testing.T, file string, in instruction, ignored []string) {
	t.Helper()
	fields := strings.Fields(in.args)
	var srcs []string
	for _, f := range fields {
		if strings.HasPrefix(f, "--from=") {
			return // from another stage
		}
		if !strings.HasPrefix(f, "--") {
			srcs = append(srcs, f)
		}
	}
	if len(srcs) < 2 {
		t.Errorf("%s:%d: %s needs a source and a destination", file, in.line, in.cmd)
		return
	}
	for _, src := range srcs[:len(srcs)-1] {
		mustExist(t, file+": "+in.cmd+" "+src, filepath.Join(repoRoot, src))
		for _, pat := range ignored {
			if ok, _ := filepath.Match(pat, filepath.Clean(src)); ok {
				t.Errorf("%s:%d: %s %s is excluded by Dockerfile.dockerignore (%s)", file, in.line, in.cmd, src, pat)
			}
		}
	}
}

// ldflagVar finds -X main.NAME=... in a build command.
var ldflagVar = regexp.MustCompile(`-X\s+main\.(\w+)=`)

func checkLdflags(t *testing.T, file string, in instruction) {
	t.Helper()
	if !strings.Contains(in.args, "go build") {
		return
	}
	for _, want := range []string{"-trimpath", "./cmd/precursor"} {
		if !strings.Contains(in.args, want) {
			t.Errorf("%s:%d: go build without %s", file, in.line, want)
		}
	}
	m := ldflagVar.FindStringSubmatch(in.args)
	if m == nil {
		t.Errorf("%s:%d: go build sets no version with -ldflags -X main.version=", file, in.line)
		return
	}
	decl := regexp.MustCompile(`(?m)^var\s+` + m[1] + `\s*=\s*"`)
	srcs, _ := filepath.Glob(filepath.Join(repoRoot, "cmd", "precursor", "*.go"))
	for _, s := range srcs {
		data, err := os.ReadFile(s)
		if err == nil && decl.Match(data) {
			return
		}
	}
	t.Errorf("%s:%d: -X main.%s names no string variable of cmd/precursor", file, in.line, m[1])
}

// dockerignore returns the patterns of Dockerfile.dockerignore.
func dockerignore(t *testing.T) []string {
	t.Helper()
	var pats []string
	for _, line := range strings.Split(string(readFile(t, "Dockerfile.dockerignore")), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			pats = append(pats, strings.TrimPrefix(line, "/"))
		}
	}
	return pats
}
