#!/usr/bin/env bash
# shellcheck disable=SC2317 # cleanup runs from the EXIT trap
# test-kafka.sh — the end-to-end suite against the real three-broker Kafka
# cluster of .ci/kafka/kafka.sh. Starts the cluster unless it is up, loads
# its description (eval "$(kafka.sh env)": the bootstrap list of each
# listener, the SASL user, the TLS files, KAFKA_CONTROL to stop and start
# brokers), runs
#   go test -count=1 -p 1 -v -run "$E2E_RUN" $E2E_PKGS
# one package at a time (tests stop, kill and restart brokers), prints
# "N passed, N failed, N skipped" and fails if a test failed or was
# skipped: on the cluster every test must run. Stops the cluster again on
# any exit if this script created it.
# Environment: KAFKA_PORT (19092) and the rest of kafka.sh's, E2E_RUN
# ('E2E|EndToEnd|Kafka'), E2E_PKGS (./pipeline/... ./internal/kafkatest/...),
# GO (go), GOTESTFLAGS (extra go test flags).
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export CI_STEP=${CI_STEP:-test-kafka}

run=${E2E_RUN:-E2E|EndToEnd|Kafka}
read -r -a pkgs <<<"${E2E_PKGS:-./pipeline/... ./internal/kafkatest/...}"
read -r -a extra <<<"${GOTESTFLAGS:-}"
kafka=$ci_root/.ci/kafka/kafka.sh
kafka_dir=${KAFKA_DIR:-$ci_root/.cache/kafka}
log=$kafka_dir/test-kafka.log

started=
cleanup() {
	local rc=$?
	if ((rc != 0)); then
		for f in "$kafka_dir"/*/logs/server.log; do
			[[ -f $f ]] || continue
			say "tests failed; last lines of ${f#"$ci_root"/}:"
			tail -n 15 "$f" >&2 || true
		done
	fi
	if [[ -n $started ]]; then
		"$kafka" down || true
	fi
	exit "$rc"
}
trap cleanup EXIT

if "$kafka" status >/dev/null 2>&1; then
	say "using the cluster already running in $kafka_dir"
elif [[ -f $kafka_dir/cluster.env ]]; then
	say "starting the nodes that are down in $kafka_dir (the cluster stays up afterwards)"
	"$kafka" up
else
	started=1
	"$kafka" up
fi
eval "$("$kafka" env)"

say "go test -count=1 -p 1 -v -run '$run' ${pkgs[*]} (cluster: $KAFKA_BROKERS)"
cd "$ci_root"
mkdir -p "$(dirname "$log")"
rc=0
${GO:-go} test -count=1 -p 1 -v "${extra[@]}" -run "$run" "${pkgs[@]}" 2>&1 | tee "$log" || rc=$?

count() { grep -cE "^ *--- $1: " "$log" || true; }
passed=$(count PASS) failed=$(count FAIL) skipped=$(count SKIP)
if ((skipped > 0)); then
	say "skipped on the real cluster (every test must run here):"
	grep -E '^ *--- SKIP: ' "$log" >&2
	rc=1
fi
if ((rc == 0 && passed == 0)); then
	say "no test ran: E2E_RUN '$run' matches nothing in ${pkgs[*]}"
	rc=1
fi
echo "test-kafka: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
