#!/usr/bin/env bash
# fuzz.sh — run every fuzz target in the module for FUZZTIME each, one at a
# time (go test accepts one -fuzz target per package per run). Targets are
# discovered with `go test -list '^Fuzz'`, so new ones are picked up without
# editing this file. A failing target leaves its input in the package's
# testdata/fuzz/<Target>/ directory (commit it: it becomes a regression
# seed); the script goes on with the other targets and exits 1 at the end.
#
# Go 1.26's fuzz coordinator can fail a target with a bare "context deadline
# exceeded" when -fuzztime expires while a worker is mid-call (golang/go#75804,
# fixed in Go 1.27), typically on a loaded machine. Such a run wrote no input;
# it is reported as a flake and does not fail the step. Any run that writes a
# new input to testdata/fuzz fails.
# Environment: FUZZTIME (10s), FUZZ_PKGS (./...), GO (go).
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export CI_STEP=${CI_STEP:-fuzz}

fuzztime=${FUZZTIME:-10s}
read -r -a pkgs <<<"${FUZZ_PKGS:-./...}"
go=${GO:-go}
cd "$ci_root"
out=$(mktemp "${TMPDIR:-/tmp}/precursor-fuzz.XXXXXX")
trap 'rm -f "$out"' EXIT

# "<import path> <dir>" of packages whose test files declare a fuzz target.
mapfile -t candidates < <(
	$go list -f '{{.ImportPath}} {{.Dir}} {{join .TestGoFiles " "}} {{join .XTestGoFiles " "}}' "${pkgs[@]}" |
		while read -r path dir files; do
			for f in $files; do
				if grep -q '^func Fuzz' "$dir/$f"; then
					echo "$path $dir"
					break
				fi
			done
		done
)

# corpus_count DIR TARGET: number of files in DIR/testdata/fuzz/TARGET.
corpus_count() { { find "$1/testdata/fuzz/$2" -type f 2>/dev/null || true; } | wc -l; }

failed=() flaky=() ran=0
for c in "${candidates[@]}"; do
	read -r pkg dir <<<"$c"
	if ! list=$($go test -list '^Fuzz' "$pkg" 2>&1); then
		printf '%s\n' "$list" >&2
		failed+=("$pkg (does not compile)")
		continue
	fi
	mapfile -t targets < <(grep '^Fuzz' <<<"$list" || true)
	for target in "${targets[@]}"; do
		say "go test -run '^\$' -fuzz '^$target\$' -fuzztime $fuzztime $pkg"
		ran=$((ran + 1))
		before=$(corpus_count "$dir" "$target")
		rc=0
		$go test -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" "$pkg" 2>&1 | tee "$out" || rc=${PIPESTATUS[0]}
		((rc == 0)) && continue
		if (($(corpus_count "$dir" "$target") == before)) && grep -q 'context deadline exceeded' "$out"; then
			say "flake: $target stopped with 'context deadline exceeded' and wrote no input (golang/go#75804)"
			flaky+=("$pkg.$target")
		else
			failed+=("$pkg.$target")
		fi
	done
done

say "fuzzed $ran target(s) for $fuzztime each; ${#flaky[@]} coordinator flake(s)${flaky[*]:+: ${flaky[*]}}"
if ((${#failed[@]})); then
	die "fuzz failures: ${failed[*]}"
fi
