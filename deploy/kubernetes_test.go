package deploy_test

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestKustomizationReferencesExist(t *testing.T) {
	k := loadKustomization(t)
	for _, r := range k.Resources {
		mustExist(t, "kustomization resource "+r, filepath.Join(k8sDir, r))
	}
	for _, g := range k.ConfigMapGenerator {
		for _, f := range g.Files {
			_, file := splitKV(f)
			mustExist(t, "configMapGenerator "+g.Name+" file "+f, filepath.Join(k8sDir, file))
		}
	}
}

func TestKubernetesSelectors(t *testing.T) {
	objs := k8sObjects(t, loadKustomization(t))
	dep, svc := objs["Deployment"], objs["Service"]
	pod := dep.Spec.Template.Metadata.Labels
	if dep.Spec.Replicas == nil || *dep.Spec.Replicas != 3 {
		t.Errorf("Deployment replicas = %v, want 3", dep.Spec.Replicas)
	}
	if !subset(dep.Spec.Selector.MatchLabels, pod) {
		t.Error("Deployment selector does not match its pod template labels")
	}
	if !subset(objs["PodDisruptionBudget"].Spec.Selector.MatchLabels, pod) {
		t.Error("PodDisruptionBudget selector does not match the pods")
	}
	var svcSel struct {
		Spec struct {
			Selector map[string]string `yaml:"selector"`
		} `yaml:"spec"`
	}
	decodeYAML(t, filepath.Join(k8sDir, "service.yaml"), &svcSel)
	if !subset(svcSel.Spec.Selector, pod) {
		t.Error("Service selector does not match the pods")
	}
	if !subset(objs["ServiceMonitor"].Spec.Selector.MatchLabels, svc.Metadata.Labels) {
		t.Error("ServiceMonitor selector does not match the Service")
	}
	if svc.Metadata.Name != "precursor" {
		t.Errorf(`Service name %q: the ServiceMonitor's job label must be "precursor" (alerts.yml selects job="precursor")`, svc.Metadata.Name)
	}
}

func TestKubernetesDeployment(t *testing.T) {
	k := loadKustomization(t)
	objs := k8sObjects(t, k)
	spec := objs["Deployment"].Spec.Template.Spec
	if len(spec.Containers) != 1 {
		t.Fatalf("Deployment has %d containers, want 1", len(spec.Containers))
	}
	c := spec.Containers[0]
	cfg := k8sConfig(t, k, spec, c)
	checkPodSecurity(t, spec, c)
	if grace := time.Duration(spec.TerminationGracePeriodSeconds) * time.Second; grace <= cfg.ShutdownTimeout+httpDrain {
		t.Errorf("terminationGracePeriodSeconds %v must exceed shutdown_timeout %v + %v", grace, cfg.ShutdownTimeout, httpDrain)
	}
	for _, res := range []string{"cpu", "memory"} {
		if c.Resources.Requests[res] == "" || c.Resources.Limits[res] == "" {
			t.Errorf("container has no %s request and limit", res)
		}
	}
	checkPorts(t, objs, c, listenPort(t, cfg.HTTPListen))
}

func checkPodSecurity(t *testing.T, spec podSpec, c container) {
	t.Helper()
	if !spec.SecurityContext.RunAsNonRoot || spec.SecurityContext.RunAsUser != 65532 {
		t.Error("pod must run as non-root user 65532")
	}
	if !c.SecurityContext.ReadOnlyRootFilesystem {
		t.Error("container root filesystem must be read-only")
	}
	if p := c.SecurityContext.AllowPrivilegeEscalation; p == nil || *p {
		t.Error("container must set allowPrivilegeEscalation: false")
	}
}

// k8sConfig follows --config through the mounts to the generated ConfigMap
// file, decodes and validates it, and checks that the files it names are
// mounted: rules, catalog and lists from generated ConfigMaps, the SASL
// password from the Secret.
func k8sConfig(t *testing.T, k kustomization, spec podSpec, c container) pipelineConfig {
	t.Helper()
	mounts := spec.mounts(c)
	cfgPath, ok := flagValue(c.Args, "--config")
	if !ok {
		t.Fatalf("container args %q have no --config", c.Args)
	}
	file := configMapFile(t, k, spec, mounts, cfgPath)
	cfg := loadConfig(t, file)
	if cfg.RulesDir != "" {
		if mp, vol, ok := volumeOf(mounts, cfg.RulesDir); !ok || mp != cfg.RulesDir || configMapOf(spec, vol) != "precursor-rules" {
			t.Errorf("rules %s is not the mount of ConfigMap precursor-rules", cfg.RulesDir)
		}
	}
	if cfg.CatalogFile != "" {
		configMapFile(t, k, spec, mounts, cfg.CatalogFile)
	}
	for _, p := range listFiles(cfg) {
		configMapFile(t, k, spec, mounts, p)
	}
	if pf := cfg.SASL.PasswordFile; pf != "" {
		checkSecretFile(t, spec, mounts, pf)
	}
	return pipelineConfig{ShutdownTimeout: cfg.ShutdownTimeout, HTTPListen: cfg.HTTPListen}
}

// pipelineConfig is what TestKubernetesDeployment needs of the config.
type pipelineConfig struct {
	ShutdownTimeout time.Duration
	HTTPListen      string
}

// configMapFile maps a container path to the generator file behind it.
func configMapFile(t *testing.T, k kustomization, spec podSpec, mounts map[string]string, p string) string {
	t.Helper()
	mp, vol, ok := volumeOf(mounts, p)
	if !ok {
		t.Fatalf("%s is not mounted into the container", p)
	}
	cm := configMapOf(spec, vol)
	file, ok := k.generatorFile(cm, strings.TrimPrefix(p, mp+"/"))
	if !ok {
		t.Fatalf("%s: ConfigMap %q (volume %s) has no key %q in the kustomization", p, cm, vol, strings.TrimPrefix(p, mp+"/"))
	}
	return file
}

func checkSecretFile(t *testing.T, spec podSpec, mounts map[string]string, p string) {
	t.Helper()
	mp, vol, ok := volumeOf(mounts, p)
	if !ok {
		t.Errorf("sasl.password_file %s is not mounted", p)
		return
	}
	for _, v := range spec.Volumes {
		if v.Name != vol || v.Secret == nil {
			continue
		}
		for _, it := range v.Secret.Items {
			if mp+"/"+it.Path == p {
				return
			}
		}
	}
	t.Errorf("sasl.password_file %s is not an item of a Secret volume", p)
}

func checkPorts(t *testing.T, objs map[string]k8sObject, c container, listen string) {
	t.Helper()
	want, _ := strconv.Atoi(metricsPort)
	if listen != metricsPort {
		t.Errorf("config http port %s, want %s", listen, metricsPort)
	}
	for name, pr := range map[string]probe{"/healthz": c.LivenessProbe, "/readyz": c.ReadinessProbe} {
		if pr.HTTPGet == nil || pr.HTTPGet.Path != name || resolvePort(pr.HTTPGet.Port, c) != want {
			t.Errorf("probe for %s is not an httpGet of %s on port %d", name, name, want)
		}
	}
	var names []string
	for _, sp := range objs["Service"].Spec.Ports {
		if sp.Port == want && resolvePort(sp.TargetPort, c) == want {
			names = append(names, sp.Name)
		}
	}
	if len(names) == 0 {
		t.Fatalf("Service has no port %d targeting the container's %d", want, want)
	}
	eps := objs["ServiceMonitor"].Spec.Endpoints
	if len(eps) == 0 || !slices.Contains(names, eps[0].Port) || eps[0].Path != "/metrics" {
		t.Errorf("ServiceMonitor endpoints %+v do not scrape /metrics on Service port %v", eps, names)
	}
}
