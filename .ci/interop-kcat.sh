#!/usr/bin/env bash
# interop-kcat.sh — interoperability check with a Kafka client nobody here
# wrote: Debian's kcat (librdkafka) produces .ci/testdata/interop.jsonl into
# the real three-broker cluster of .ci/kafka/kafka.sh over its SASL listener
# (PLAIN), `precursor run` (the built binary) consumes and scores it
# over the SSL listener with a client certificate (mutual TLS, configured in
# its YAML file), and kcat reads the alert and dead-letter topics back. The
# expected outcome per shipment id is in .ci/testdata/interop.expect.
# Checks: every "alert" id has an alert (JSON, keyed by shipment id, with an
# alert_id), no "clean" id has one, the alerted ids equal those of
# `precursor score` on the same file, every "dead" id is in the dead-letter
# topic with precursor-* headers, the group committed every input offset, and
# `precursor run` exits 0 on SIGTERM.
# Starts the cluster if it is not up (and stops it again on exit).
# Environment: KAFKA_PORT (19092) and the rest of kafka.sh's, INTEROP_HTTP
# (127.0.0.1:19465),
# INTEROP_TIMEOUT (seconds per wait, 90), PRECURSOR_BIN (built if unset),
# INTEROP_INPUT and INTEROP_EXPECT (the files in .ci/testdata).
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export CI_STEP=${CI_STEP:-interop}

http=${INTEROP_HTTP:-127.0.0.1:19465}
timeout=${INTEROP_TIMEOUT:-90}
input=${INTEROP_INPUT:-$ci_root/.ci/testdata/interop.jsonl}
expect=${INTEROP_EXPECT:-$ci_root/.ci/testdata/interop.expect}
kafka=$ci_root/.ci/kafka/kafka.sh
kafkactl=$ci_root/.cache/bin/kafkactl

need_apt kcat kcat
need_apt jq jq
need_apt curl curl

tmp=$(mktemp -d "${TMPDIR:-/tmp}/precursor-interop.XXXXXX")
started_kafka='' pipeline_pid=''
cleanup() {
	local rc=$?
	[[ -n $pipeline_pid ]] && stop_pid "$pipeline_pid" 20
	if ((rc != 0)) && [[ -f $tmp/run.log ]]; then
		say "last lines of the pipeline log:"
		tail -n 40 "$tmp/run.log" >&2 || true
	fi
	[[ -n $started_kafka ]] && { "$kafka" down || true; }
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT

if ! "$kafka" status >/dev/null 2>&1; then
	started_kafka=1
	"$kafka" up
fi
eval "$("$kafka" env)"
bin=$(precursor_bin)
(cd "$ci_root" && ${GO:-go} build -o "$kafkactl" ./.ci/kafkactl)

# kcat authenticates with SASL PLAIN; its settings (and the password) stay
# in a file, off the command line. (Its SCRAM fails against Kafka 4 brokers
# before librdkafka 2.6.1, and Debian ships 2.0.2: edenhill/kcat#462. The
# end-to-end tests cover SCRAM with kafka-go and franz-go.)
umask 077
{
	echo "bootstrap.servers=$KAFKA_SASL_BROKERS"
	echo "security.protocol=SASL_PLAINTEXT"
	echo "sasl.mechanisms=PLAIN"
	echo "sasl.username=$KAFKA_SASL_USERNAME"
	echo "sasl.password=$KAFKA_SASL_PASSWORD"
} >"$tmp/kcat.conf"
kcat() { command kcat -q -F "$tmp/kcat.conf" "$@"; }

# Unique names: reruns and concurrent runs never see each other's data.
run_id=$(date -u +%Y%m%d%H%M%S)-$$
in=interop-manifests-$run_id
alerts=interop-alerts-$run_id
dlq=interop-dead-letters-$run_id
group=interop-$run_id
"$kafkactl" topics -partitions 3 "$in" "$alerts" "$dlq" >&2

ssl_brokers="\"${KAFKA_SSL_BROKERS//,/\", \"}\""
cat >"$tmp/config.yaml" <<YAML
brokers: [$ssl_brokers]
tls:
  enabled: true
  ca_file: $KAFKA_TLS_CA_FILE
  cert_file: $KAFKA_TLS_CERT_FILE
  key_file: $KAFKA_TLS_KEY_FILE
group_id: $group
topics:
  input: $in
  alerts: $alerts
  dead_letters: $dlq
http: "$http"
batch_timeout: 20ms
shutdown_timeout: 15s
watch_files: false
YAML

say "starting $bin run over mutual TLS (group $group, topics $in -> $alerts / $dlq)"
"$bin" run --config "$tmp/config.yaml" >"$tmp/run.log" 2>&1 &
pipeline_pid=$!
if ! wait_for "$timeout" curl -fsS "http://$http/readyz"; then
	die "precursor run not ready on http://$http/readyz within ${timeout}s"
fi
say "pipeline ready"

# kcat input: "<shipment id><TAB><event bytes unchanged>" per line.
while IFS= read -r line; do
	[[ -n $line ]] || continue
	printf '%s\t%s\n' "$(jq -r .shipment_id <<<"$line")" "$line"
done <"$input" >"$tmp/produce.tsv"
say "kcat -P (SASL PLAIN): producing $(wc -l <"$tmp/produce.tsv") manifests to $in"
kcat -P -t "$in" -K '\t' -X acks=all <"$tmp/produce.tsv"

mapfile -t want_alert < <(awk '$1 == "alert" {print $2}' "$expect")
mapfile -t want_clean < <(awk '$1 == "clean" {print $2}' "$expect")
mapfile -t want_dead < <(awk '$1 == "dead" {print $2}' "$expect")

# consume TOPIC FORMAT: read the whole topic once with kcat.
consume() { kcat -C -q -t "$1" -e -o beginning -f "$2"; }

# alerts_complete: every expected alert id is on the alert topic.
alerts_complete() {
	consume "$alerts" '%k\n' >"$tmp/alert-keys" || return 1
	local id
	for id in "${want_alert[@]}"; do
		grep -qxF "$id" "$tmp/alert-keys" || return 1
	done
}

# Every input offset committed means every result was written (the pipeline
# commits only after its writes are acknowledged): from then on the topics
# are final and the absence of an alert is meaningful.
"$kafkactl" drained -group "$group" -timeout "${timeout}s" "$in" >&2 ||
	die "group $group did not commit all of $in within ${timeout}s"
say "kcat -C: reading ${#want_alert[@]} expected alerts from $alerts"
wait_for 10 alerts_complete || say "alert keys seen: $(tr '\n' ' ' <"$tmp/alert-keys")"

fails=0
fail() {
	say "FAIL: $*"
	fails=$((fails + 1))
}

consume "$alerts" '%k\t%s\n' >"$tmp/alerts.tsv"
alert_has() { grep -q "^$1	" "$tmp/alerts.tsv"; }
for id in "${want_alert[@]}"; do
	alert_has "$id" || fail "no alert for $id"
done
for id in "${want_clean[@]}"; do
	if alert_has "$id"; then
		fail "benign shipment $id was alerted: $(grep "^$id	" "$tmp/alerts.tsv" | head -c 400)"
	fi
done
while IFS=$'\t' read -r key value; do
	jq -e --arg k "$key" '.shipment_id == $k and (.alert_id | type == "string" and length > 0)' \
		<<<"$value" >/dev/null 2>&1 ||
		fail "alert keyed $key is not JSON with shipment_id $key and an alert_id: ${value:0:300}"
done <"$tmp/alerts.tsv"

# The Kafka path must agree with the offline scorer on the same file: a
# difference is a pipeline bug, while an id missing from both is a rules or
# catalog problem.
"$bin" score -progress never "$input" 2>/dev/null | jq -r .shipment_id | sort -u >"$tmp/offline-ids" ||
	fail "precursor score failed on $input"
cut -f1 "$tmp/alerts.tsv" | sort -u >"$tmp/kafka-ids"
if ! diff -u "$tmp/offline-ids" "$tmp/kafka-ids" >"$tmp/ids.diff"; then
	fail "alerted ids differ between precursor score (-) and the Kafka path (+): $(tr '\n' ' ' <"$tmp/ids.diff")"
fi
for id in "${want_alert[@]}"; do
	grep -qxF "$id" "$tmp/offline-ids" || say "note: precursor score does not alert $id either (rules/catalog)"
done

consume "$dlq" '%k\t%h\n' >"$tmp/dead.tsv"
for id in "${want_dead[@]}"; do
	if ! grep -q "^$id	" "$tmp/dead.tsv"; then
		fail "no dead letter for $id"
	elif ! grep "^$id	" "$tmp/dead.tsv" | grep -q 'precursor-reason='; then
		fail "dead letter for $id has no precursor-reason header: $(grep "^$id	" "$tmp/dead.tsv")"
	fi
done

say "stopping precursor run with SIGTERM"
kill -TERM "$pipeline_pid"
rc=0
wait "$pipeline_pid" || rc=$?
pipeline_pid=
((rc == 0)) || fail "precursor run exited $rc after SIGTERM (want 0)"

if ((fails > 0)); then
	die "$fails interop check(s) failed"
fi
say "ok: ${#want_alert[@]} alerted, ${#want_clean[@]} clean, ${#want_dead[@]} dead-lettered as expected; clean exit on SIGTERM"
