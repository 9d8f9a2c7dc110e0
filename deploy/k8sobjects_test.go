package deploy_test

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const k8sDir = "kubernetes"

type kustomization struct {
	Resources          []string `yaml:"resources"`
	ConfigMapGenerator []struct {
		Name  string   `yaml:"name"`
		Files []string `yaml:"files"`
	} `yaml:"configMapGenerator"`
}

// generatorFile returns the file (relative to deploy/) behind key of the
// generated ConfigMap name.
func (k kustomization) generatorFile(name, key string) (string, bool) {
	for _, g := range k.ConfigMapGenerator {
		if g.Name != name {
			continue
		}
		for _, f := range g.Files {
			if k2, file := splitKV(f); k2 == key {
				return filepath.Join(k8sDir, file), true
			}
		}
	}
	return "", false
}

func loadKustomization(t *testing.T) kustomization {
	t.Helper()
	var k kustomization
	decodeYAML(t, filepath.Join(k8sDir, "kustomization.yaml"), &k)
	return k
}

// k8sObject is the union of the object fields the tests read.
type k8sObject struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Spec struct {
		Replicas *int `yaml:"replicas"`
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Template struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec podSpec `yaml:"spec"`
		} `yaml:"template"`
		Ports     []servicePort `yaml:"ports"`
		Endpoints []struct {
			Port string `yaml:"port"`
			Path string `yaml:"path"`
		} `yaml:"endpoints"`
	} `yaml:"spec"`
}

type servicePort struct {
	Name       string    `yaml:"name"`
	Port       int       `yaml:"port"`
	TargetPort yaml.Node `yaml:"targetPort"`
}

type podSpec struct {
	TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
	SecurityContext               struct {
		RunAsNonRoot bool `yaml:"runAsNonRoot"`
		RunAsUser    int  `yaml:"runAsUser"`
	} `yaml:"securityContext"`
	Containers []container `yaml:"containers"`
	Volumes    []struct {
		Name      string `yaml:"name"`
		ConfigMap *struct {
			Name string `yaml:"name"`
		} `yaml:"configMap"`
		Secret *struct {
			SecretName string `yaml:"secretName"`
			Items      []struct {
				Key  string `yaml:"key"`
				Path string `yaml:"path"`
			} `yaml:"items"`
		} `yaml:"secret"`
	} `yaml:"volumes"`
}

type container struct {
	Args  []string `yaml:"args"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	LivenessProbe  probe `yaml:"livenessProbe"`
	ReadinessProbe probe `yaml:"readinessProbe"`
	Resources      struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	} `yaml:"resources"`
	SecurityContext struct {
		AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
		ReadOnlyRootFilesystem   bool  `yaml:"readOnlyRootFilesystem"`
	} `yaml:"securityContext"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

type probe struct {
	HTTPGet *struct {
		Path string    `yaml:"path"`
		Port yaml.Node `yaml:"port"`
	} `yaml:"httpGet"`
}

// k8sObjects decodes every document of every kustomization resource, by kind.
func k8sObjects(t *testing.T, k kustomization) map[string]k8sObject {
	t.Helper()
	objs := map[string]k8sObject{}
	for _, r := range k.Resources {
		dec := yaml.NewDecoder(bytes.NewReader(readFile(t, filepath.Join(k8sDir, r))))
		for {
			var o k8sObject
			if err := dec.Decode(&o); err != nil {
				break
			}
			objs[o.Kind] = o
		}
	}
	for _, kind := range []string{"Deployment", "Service", "ServiceMonitor", "PodDisruptionBudget"} {
		if _, ok := objs[kind]; !ok {
			t.Fatalf("kustomization has no %s", kind)
		}
	}
	return objs
}

// subset reports whether every label of sel is in labels.
func subset(sel, labels map[string]string) bool {
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return len(sel) > 0
}

// mounts returns the container's mounts as container path -> volume.
func (p podSpec) mounts(c container) map[string]string {
	m := map[string]string{}
	for _, vm := range c.VolumeMounts {
		m[vm.MountPath] = vm.Name
	}
	return m
}

// volumeOf returns the mount path and volume holding container path p.
func volumeOf(mounts map[string]string, p string) (mountPath, volume string, ok bool) {
	for mp, v := range mounts {
		if p == mp || strings.HasPrefix(p, mp+"/") {
			if len(mp) > len(mountPath) {
				mountPath, volume, ok = mp, v, true
			}
		}
	}
	return mountPath, volume, ok
}

func configMapOf(spec podSpec, volume string) string {
	for _, v := range spec.Volumes {
		if v.Name == volume && v.ConfigMap != nil {
			return v.ConfigMap.Name
		}
	}
	return ""
}

// resolvePort resolves a port given as number or container port name.
func resolvePort(n yaml.Node, c container) int {
	if p, err := strconv.Atoi(n.Value); err == nil {
		return p
	}
	for _, cp := range c.Ports {
		if cp.Name == n.Value {
			return cp.ContainerPort
		}
	}
	return 0
}
