package deploy_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// compose is the part of docker-compose.yml the tests read.
type compose struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image           string            `yaml:"image"`
	Build           *composeBuild     `yaml:"build"`
	Command         []string          `yaml:"command"`
	Volumes         []string          `yaml:"volumes"`
	Ports           []string          `yaml:"ports"`
	Environment     map[string]string `yaml:"environment"`
	StopGracePeriod string            `yaml:"stop_grace_period"`
	DependsOn       any               `yaml:"depends_on"` // list or map
}

type composeBuild struct {
	Context    string `yaml:"context"`
	Dockerfile string `yaml:"dockerfile"`
}

const composeFile = "docker-compose.yml"

func loadCompose(t *testing.T) compose {
	t.Helper()
	var c compose
	decodeYAML(t, composeFile, &c)
	for _, name := range []string{"kafka", "topics", "precursor", "prometheus", "grafana"} {
		if _, ok := c.Services[name]; !ok {
			t.Fatalf("%s: no service %q", composeFile, name)
		}
	}
	return c
}

// binds returns the service's bind mounts; named volumes are checked
// against the top-level volumes.
func (c compose) binds(t *testing.T, service string) []mount {
	t.Helper()
	var mounts []mount
	for _, v := range c.Services[service].Volumes {
		parts := strings.Split(v, ":")
		if len(parts) < 2 {
			t.Errorf("%s: service %s: volume %q is not src:dst[:mode]", composeFile, service, v)
			continue
		}
		src, dst := parts[0], parts[1]
		if !strings.HasPrefix(src, ".") && !strings.HasPrefix(src, "/") {
			if _, ok := c.Volumes[src]; !ok {
				t.Errorf("%s: service %s: named volume %q is not declared under volumes:", composeFile, service, src)
			}
			continue
		}
		mounts = append(mounts, mount{host: src, container: dst})
	}
	return mounts
}

func TestComposeReferencesExist(t *testing.T) {
	c := loadCompose(t)
	for name, s := range c.Services {
		for _, m := range c.binds(t, name) {
			mustExist(t, composeFile+": service "+name+": volume "+m.host, m.host)
		}
		if s.Build != nil {
			mustExist(t, composeFile+": service "+name+": build context", s.Build.Context)
			mustExist(t, composeFile+": service "+name+": dockerfile", filepath.Join(s.Build.Context, s.Build.Dockerfile))
			if filepath.Clean(s.Build.Context) != filepath.Clean(repoRoot) || !imageDockerfiles[filepath.Clean(s.Build.Dockerfile)] {
				t.Errorf("%s: service %s builds %s in %s; the Dockerfile expects the repository root as context", composeFile, name, s.Build.Dockerfile, s.Build.Context)
			}
		}
		for _, dep := range dependencies(s.DependsOn) {
			if _, ok := c.Services[dep]; !ok {
				t.Errorf("%s: service %s depends on unknown service %q", composeFile, name, dep)
			}
		}
	}
}

// imageDockerfiles are the Dockerfiles of the images the stack builds, each
// expecting the repository root as its context.
var imageDockerfiles = map[string]bool{"deploy/Dockerfile": true, "deploy/resolver.Dockerfile": true}

// dependencies lists the services of a depends_on (list or map form).
func dependencies(v any) []string {
	var deps []string
	switch d := v.(type) {
	case []any:
		for _, s := range d {
			deps = append(deps, fmt.Sprint(s))
		}
	case map[string]any:
		for s := range d {
			deps = append(deps, s)
		}
	}
	return deps
}

// flagValue returns the argument after flag in args.
func flagValue(args []string, flag string) (string, bool) {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1], true
		}
		if v, ok := strings.CutPrefix(a, flag+"="); ok {
			return v, true
		}
	}
	return "", false
}

func TestComposePrecursorConfig(t *testing.T) {
	c := loadCompose(t)
	svc := c.Services["precursor"]
	mounts := c.binds(t, "precursor")
	cfgPath, ok := flagValue(svc.Command, "--config")
	if !ok {
		t.Fatalf("%s: precursor command %q has no --config", composeFile, svc.Command)
	}
	host, ok := hostPath(mounts, cfgPath)
	if !ok || filepath.Clean(host) != "precursor.compose.yaml" {
		t.Fatalf("%s: --config %s is mounted from %q, want precursor.compose.yaml", composeFile, cfgPath, host)
	}
	cfg := loadConfig(t, host)
	for field, p := range map[string]string{"rules": cfg.RulesDir, "catalog": cfg.CatalogFile} {
		if p == "" {
			continue
		}
		h, ok := hostPath(mounts, p)
		if !ok {
			t.Errorf("%s: %s %s is not mounted into the precursor service", host, field, p)
			continue
		}
		mustExist(t, host+": "+field+" "+p, h)
	}
	if len(cfg.Lists) == 0 {
		t.Errorf("%s: no lists: the stack would screen against the embedded samples only", host)
	}
	for _, p := range listFiles(cfg) {
		h, ok := hostPath(mounts, p)
		if !ok {
			t.Errorf("%s: list %s is not mounted into the precursor service", host, p)
			continue
		}
		mustExist(t, host+": list "+p, h)
	}
	port := listenPort(t, cfg.HTTPListen)
	if !publishes(svc.Ports, port) {
		t.Errorf("%s: precursor publishes %q, not its http port %s", composeFile, svc.Ports, port)
	}
	if port != metricsPort {
		t.Errorf("%s: http port %s, want %s", host, port, metricsPort)
	}
	grace, err := time.ParseDuration(svc.StopGracePeriod)
	if err != nil || grace <= cfg.ShutdownTimeout+httpDrain {
		t.Errorf("%s: precursor stop_grace_period %q must exceed shutdown_timeout %v + %v", composeFile, svc.StopGracePeriod, cfg.ShutdownTimeout, httpDrain)
	}
	for _, b := range cfg.Brokers {
		if h, _, _ := strings.Cut(b, ":"); c.Services[h].Image == "" {
			t.Errorf("%s: broker %s is not a compose service", host, b)
		}
	}
}

// publishes reports whether ports ("host:container" or "container")
// publishes the container port.
func publishes(ports []string, port string) bool {
	for _, p := range ports {
		p = strings.TrimSuffix(p, "/tcp")
		if p == port || strings.HasSuffix(p, ":"+port) {
			return true
		}
	}
	return false
}

// prometheusConfig is the part of prometheus.yml the tests read.
type prometheusConfig struct {
	RuleFiles     []string `yaml:"rule_files"`
	ScrapeConfigs []struct {
		JobName       string `yaml:"job_name"`
		StaticConfigs []struct {
			Targets []string `yaml:"targets"`
		} `yaml:"static_configs"`
	} `yaml:"scrape_configs"`
}

func TestComposePrometheus(t *testing.T) {
	c := loadCompose(t)
	mounts := c.binds(t, "prometheus")
	var pc prometheusConfig
	decodeYAML(t, "prometheus/prometheus.yml", &pc)
	if len(pc.RuleFiles) == 0 {
		t.Error("prometheus/prometheus.yml loads no rule files")
	}
	for _, f := range pc.RuleFiles {
		h, ok := hostPath(mounts, f)
		if !ok {
			t.Errorf("prometheus.yml: rule file %s is not mounted into the prometheus service", f)
			continue
		}
		mustExist(t, "prometheus.yml: rule file "+f, h)
	}
	found := false
	for _, sc := range pc.ScrapeConfigs {
		if sc.JobName != "precursor" {
			continue
		}
		for _, s := range sc.StaticConfigs {
			for _, target := range s.Targets {
				found = true
				if target != "precursor:"+metricsPort {
					t.Errorf("prometheus.yml: job precursor scrapes %s, want precursor:%s", target, metricsPort)
				}
			}
		}
	}
	if !found {
		t.Error(`prometheus.yml: no job "precursor" (alerts.yml and the dashboard select job="precursor")`)
	}
}

// grafanaProvisioning is the part of the provisioning files the tests read.
type grafanaProvisioning struct {
	Datasources []struct {
		Type string `yaml:"type"`
		URL  string `yaml:"url"`
	} `yaml:"datasources"`
	Providers []struct {
		Options struct {
			Path string `yaml:"path"`
		} `yaml:"options"`
	} `yaml:"providers"`
}

var urlHostPort = regexp.MustCompile(`^https?://([^:/]+):(\d+)`)

func TestComposeGrafana(t *testing.T) {
	c := loadCompose(t)
	mounts := c.binds(t, "grafana")
	prov, ok := hostPath(mounts, "/etc/grafana/provisioning")
	if !ok {
		t.Fatalf("%s: /etc/grafana/provisioning is not mounted into grafana", composeFile)
	}
	var ds, dash grafanaProvisioning
	decodeYAML(t, filepath.Join(prov, "datasources", "prometheus.yml"), &ds)
	decodeYAML(t, filepath.Join(prov, "dashboards", "precursor.yml"), &dash)
	if len(ds.Datasources) == 0 || ds.Datasources[0].Type != "prometheus" {
		t.Fatalf("datasource provisioning: want one prometheus datasource, got %+v", ds.Datasources)
	}
	m := urlHostPort.FindStringSubmatch(ds.Datasources[0].URL)
	if m == nil || m[1] != "prometheus" || !publishes(c.Services["prometheus"].Ports, m[2]) {
		t.Errorf("datasource url %s is not the prometheus service's port", ds.Datasources[0].URL)
	}
	for _, p := range dash.Providers {
		h, ok := hostPath(mounts, p.Options.Path)
		if !ok {
			t.Errorf("dashboard provider path %s is not mounted into grafana", p.Options.Path)
			continue
		}
		mustExist(t, "dashboard provider path "+p.Options.Path, filepath.Join(h, "precursor.json"))
	}
	if home := c.Services["grafana"].Environment["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]; home != "" {
		h, ok := hostPath(mounts, home)
		if !ok {
			t.Errorf("home dashboard %s is not mounted", home)
		} else {
			mustExist(t, "home dashboard "+home, h)
		}
	}
}
