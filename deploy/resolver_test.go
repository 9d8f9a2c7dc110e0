package deploy_test

import (
	"bytes"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The structure resolver's deployment: its image (resolver.Dockerfile), the
// compose service and the Kubernetes sidecar, each checked against the
// precursor configuration that points at it.

// resolverPort is the port the resolver listens on in every deployment.
const resolverPort = "8795"

// resolverHeapMiB is the heap the image gives the JVM (-Xmx128m).
const resolverHeapMiB = 128

func TestResolverDockerfile(t *testing.T) {
	const file = "resolver.Dockerfile"
	ins := parseDockerfile(t, file)
	allowed := allowlist(t, file+".dockerignore")
	last := map[string]string{} // instruction -> the arguments of its last use
	froms := 0
	for _, in := range ins {
		last[in.cmd] = in.args
		if in.cmd == "FROM" {
			froms++
		}
		if in.cmd != "COPY" {
			continue
		}
		for _, src := range copySources(in) {
			mustExist(t, file+": COPY "+src, filepath.Join(repoRoot, src))
			if !allowed(src) {
				t.Errorf("%s:%d: COPY %s is not let into the context by %s.dockerignore", file, in.line, src, file)
			}
		}
	}
	expose, user, entrypoint, cmd := last["EXPOSE"], last["USER"], last["ENTRYPOINT"], last["CMD"]
	if froms < 2 {
		t.Errorf("%s: %d stages, want a Maven build and a JRE stage", file, froms)
	}
	if expose != resolverPort || !strings.HasPrefix(user, "65532") {
		t.Errorf("%s: EXPOSE %q USER %q, want %s and 65532 (non-root)", file, expose, user, resolverPort)
	}
	if !strings.Contains(entrypoint, `"-Xmx`+strconv.Itoa(resolverHeapMiB)+`m"`) || !strings.Contains(entrypoint, `"-jar"`) {
		t.Errorf("%s: ENTRYPOINT %s does not run the jar with -Xmx%dm", file, entrypoint, resolverHeapMiB)
	}
	if !strings.Contains(cmd, `"0.0.0.0:`+resolverPort+`"`) {
		t.Errorf("%s: CMD %s does not listen on 0.0.0.0:%s (a container is reached from outside its loopback)", file, cmd, resolverPort)
	}
}

// copySources returns the build-context sources of a COPY (none for
// --from=stage).
func copySources(in instruction) []string {
	var srcs []string
	for _, f := range strings.Fields(in.args) {
		if strings.HasPrefix(f, "--from=") {
			return nil
		}
		if !strings.HasPrefix(f, "--") {
			srcs = append(srcs, f)
		}
	}
	if len(srcs) < 2 {
		return nil
	}
	return srcs[:len(srcs)-1]
}

// allowlist reads a .dockerignore that excludes everything ("*") and lets
// paths back in ("!path"), and reports whether a path is let in.
func allowlist(t *testing.T, file string) func(string) bool {
	t.Helper()
	var in []string
	excludeAll := false
	for _, line := range strings.Split(string(readFile(t, file)), "\n") {
		switch line = strings.TrimSpace(line); {
		case line == "*":
			excludeAll = true
		case strings.HasPrefix(line, "!"):
			in = append(in, filepath.Clean(line[1:]))
		}
	}
	if !excludeAll {
		t.Fatalf("%s: not an allowlist (no \"*\" line)", file)
	}
	return func(p string) bool {
		p = filepath.Clean(p)
		for _, a := range in {
			if p == a || strings.HasPrefix(p, a+"/") {
				return true
			}
		}
		return false
	}
}

// resolverService is the part of the compose resolver service the test reads.
type resolverService struct {
	Command     []string `yaml:"command"`
	Healthcheck struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
	MemLimit string `yaml:"mem_limit"`
}

func TestComposeResolver(t *testing.T) {
	c := loadCompose(t)
	svc, ok := c.Services["resolver"]
	if !ok || svc.Build == nil || filepath.Clean(svc.Build.Dockerfile) != "deploy/resolver.Dockerfile" {
		t.Fatalf("%s: no resolver service built from deploy/resolver.Dockerfile", composeFile)
	}
	var doc struct {
		Services map[string]resolverService `yaml:"services"`
	}
	decodeYAML(t, composeFile, &doc)
	r := doc.Services["resolver"]
	if listen, _ := flagValue(r.Command, "-listen"); listen != "0.0.0.0:"+resolverPort {
		t.Errorf("%s: resolver listens on %q, want 0.0.0.0:%s", composeFile, listen, resolverPort)
	}
	if hc := strings.Join(r.Healthcheck.Test, " "); !strings.Contains(hc, "/healthz") || !strings.Contains(hc, resolverPort) {
		t.Errorf("%s: resolver healthcheck %q does not ask /healthz on %s", composeFile, hc, resolverPort)
	}
	if r.MemLimit == "" {
		t.Errorf("%s: resolver has no mem_limit", composeFile)
	}
	if !slices.Contains(dependencies(c.Services["precursor"].DependsOn), "resolver") {
		t.Errorf("%s: precursor does not depend on the resolver", composeFile)
	}
	u := structureURL(t, "precursor.compose.yaml")
	if u.Hostname() != "resolver" || u.Port() != resolverPort {
		t.Errorf("precursor.compose.yaml: structure.url %s is not the resolver service on %s", u, resolverPort)
	}
}

// structureURL is the structure.url of a precursor configuration file.
func structureURL(t *testing.T, path string) *url.URL {
	t.Helper()
	cfg := loadConfig(t, path)
	u, err := url.Parse(cfg.Structure.URL)
	if err != nil || cfg.Structure.URL == "" {
		t.Fatalf("%s: structure.url %q: %v", path, cfg.Structure.URL, err)
	}
	return u
}

// sidecar is the part of a native sidecar (an init container that keeps
// running) the test reads.
type sidecar struct {
	container     `yaml:",inline"`
	Name          string `yaml:"name"`
	RestartPolicy string `yaml:"restartPolicy"`
	Image         string `yaml:"image"`
}

func TestKubernetesResolverSidecar(t *testing.T) {
	var dep struct {
		Spec struct {
			Template struct {
				Spec struct {
					podSpec        `yaml:",inline"`
					InitContainers []sidecar `yaml:"initContainers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(readFile(t, filepath.Join(k8sDir, "deployment.yaml"))))
	if err := dec.Decode(&dep); err != nil {
		t.Fatal(err)
	}
	spec := dep.Spec.Template.Spec
	var r *sidecar
	for i := range spec.InitContainers {
		if spec.InitContainers[i].Name == "resolver" {
			r = &spec.InitContainers[i]
		}
	}
	if r == nil || r.RestartPolicy != "Always" {
		t.Fatalf("deployment.yaml: no native sidecar \"resolver\" (an init container with restartPolicy: Always)")
	}
	want, _ := strconv.Atoi(resolverPort)
	if listen, _ := flagValue(r.Args, "-listen"); listen != "0.0.0.0:"+resolverPort {
		t.Errorf("resolver sidecar listens on %q, want 0.0.0.0:%s (the kubelet probes the pod IP)", listen, resolverPort)
	}
	for name, pr := range map[string]probe{"readiness": r.ReadinessProbe, "liveness": r.LivenessProbe} {
		if pr.HTTPGet == nil || pr.HTTPGet.Path != "/healthz" || resolvePort(pr.HTTPGet.Port, r.container) != want {
			t.Errorf("resolver sidecar %s probe is not an httpGet of /healthz on %d", name, want)
		}
	}
	for _, res := range []string{"cpu", "memory"} {
		if r.Resources.Requests[res] == "" || r.Resources.Limits[res] == "" {
			t.Errorf("resolver sidecar has no %s request and limit", res)
		}
	}
	if limit := mebibytes(t, r.Resources.Limits["memory"]); limit < resolverHeapMiB+64 {
		t.Errorf("resolver memory limit %dMi leaves under 64Mi above the %dMi heap", limit, resolverHeapMiB)
	}
	checkPodSecurity(t, spec.podSpec, r.container)
	if _, vol, ok := volumeOf(spec.mounts(r.container), "/tmp/x"); !ok || !emptyDir(t, vol) {
		t.Error("resolver sidecar has no writable /tmp (the JVM unpacks a native library there)")
	}
	k := loadKustomization(t)
	c := spec.Containers[0]
	file := configMapFile(t, k, spec.podSpec, spec.mounts(c), mustFlag(t, c.Args, "--config"))
	if u := structureURL(t, file); u.Hostname() != "127.0.0.1" || u.Port() != resolverPort {
		t.Errorf("%s: structure.url %s is not the sidecar on the pod's loopback port %s", file, u, resolverPort)
	}
}

func mustFlag(t *testing.T, args []string, flag string) string {
	t.Helper()
	v, ok := flagValue(args, flag)
	if !ok {
		t.Fatalf("args %q have no %s", args, flag)
	}
	return v
}

// emptyDir reports whether the Deployment's volume is an emptyDir.
func emptyDir(t *testing.T, volume string) bool {
	var dep struct {
		Spec struct {
			Template struct {
				Spec struct {
					Volumes []struct {
						Name     string    `yaml:"name"`
						EmptyDir *struct{} `yaml:"emptyDir"`
					} `yaml:"volumes"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	decodeYAML(t, filepath.Join(k8sDir, "deployment.yaml"), &dep)
	for _, v := range dep.Spec.Template.Spec.Volumes {
		if v.Name == volume {
			return v.EmptyDir != nil
		}
	}
	return false
}

// mebibytes parses a Kubernetes memory quantity in Mi or Gi.
func mebibytes(t *testing.T, q string) int {
	t.Helper()
	for suffix, factor := range map[string]int{"Mi": 1, "Gi": 1024} {
		if n, ok := strings.CutSuffix(q, suffix); ok {
			if v, err := strconv.Atoi(n); err == nil {
				return v * factor
			}
		}
	}
	t.Fatalf("memory quantity %q is not in Mi or Gi", q)
	return 0
}
