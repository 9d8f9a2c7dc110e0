//go:build !race

package chemicals

const raceEnabled = false
