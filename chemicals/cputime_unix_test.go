//go:build unix

package chemicals

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) the process has used.
// On a machine shared with other work, CPU time per item measures the
// matcher; wall-clock time per item also measures the neighbours.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
