#!/usr/bin/env bash
# test-kafka.sh — run the end-to-end suite against a real Apache Kafka broker.
# Starts the broker (.ci/kafka/kafka.sh up) unless one is already running,
# runs
#   KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT go test -count=1 -run "$E2E_RUN" $E2E_PKGS
# and stops the broker again on any exit if this script started it.
# Environment: KAFKA_PORT (19092), E2E_RUN ('E2E|EndToEnd|Kafka'), E2E_PKGS
# (./pipeline/...), GO (go), GOTESTFLAGS (extra go test flags, e.g. -v).
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export CI_STEP=${CI_STEP:-test-kafka}

port=${KAFKA_PORT:-19092}
run=${E2E_RUN:-E2E|EndToEnd|Kafka}
read -r -a pkgs <<<"${E2E_PKGS:-./pipeline/...}"
read -r -a extra <<<"${GOTESTFLAGS:-}"
kafka=$ci_root/.ci/kafka/kafka.sh
kafka_log=${KAFKA_DIR:-$ci_root/.cache/kafka}/logs/server.log

started=
cleanup() {
	local rc=$?
	if ((rc != 0)) && [[ -f $kafka_log ]]; then
		say "tests failed; last lines of $kafka_log:"
		tail -n 20 "$kafka_log" >&2 || true
	fi
	if [[ -n $started ]]; then
		"$kafka" down || true
	fi
	exit "$rc"
}
trap cleanup EXIT

if "$kafka" status >/dev/null 2>&1; then
	say "using the broker already running on 127.0.0.1:$port"
else
	started=1
	"$kafka" up
fi

say "KAFKA_BROKERS=127.0.0.1:$port go test -count=1 -run '$run' ${pkgs[*]}"
cd "$ci_root"
KAFKA_BROKERS=127.0.0.1:$port ${GO:-go} test -count=1 "${extra[@]}" -run "$run" "${pkgs[@]}"
