//go:build !unix

package chemicals

import "time"

// processCPU is not measured on this platform: benchmarks report no CPU time.
func processCPU() time.Duration { return 0 }
