#!/usr/bin/env bash
# prom-check.sh — check the Prometheus and Grafana files in deploy/ against
# the real binary and a real Prometheus server (Debian's prometheus package):
#   1. promtool check rules on every rule file in deploy/prometheus/
#      (files with a top-level "groups:"), promtool test rules on *_test.yml;
#   2. start `precursor demo --duration D --http ADDR --console` and a
#      Prometheus that scrapes the pipeline and the console every second and
#      loads the same rule files; sign in to the console and record a few
#      dispositions (so the analysts' panels have data, as in production);
#   3. after PROM_WAIT seconds: `promtool check metrics` on /metrics, every
#      rule loaded and evaluated without error, and every dashboard query in
#      deploy/grafana/dashboards/*.json (targets[].expr, Grafana variables
#      replaced: $__rate_interval -> 1m, $__interval -> 15s, template
#      variables -> .*) returns a non-empty result.
# Stops everything it started on exit.
# Environment: PROM_DEMO_HTTP (127.0.0.1:19464), PROM_CONSOLE (127.0.0.1:19465),
# PROM_LISTEN (127.0.0.1:19090),
# PROM_WAIT (30), PROM_DEMO_DURATION (75s), PRECURSOR_BIN (built if unset),
# DEPLOY_DIR (deploy).
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export CI_STEP=${CI_STEP:-prom-check}

demo_http=${PROM_DEMO_HTTP:-127.0.0.1:19464}
console=${PROM_CONSOLE:-127.0.0.1:19465}
listen=${PROM_LISTEN:-127.0.0.1:19090}
settle=${PROM_WAIT:-30}
duration=${PROM_DEMO_DURATION:-75s}
deploy=${DEPLOY_DIR:-$ci_root/deploy}
prom_dir=$deploy/prometheus
dash_dir=$deploy/grafana/dashboards
api=http://$listen/api/v1

need_apt promtool prometheus
need_apt jq jq
need_apt curl curl

tmp=$(mktemp -d "${TMPDIR:-/tmp}/precursor-prom.XXXXXX")
demo_pid='' prom_pid=''
cleanup() {
	local rc=$?
	[[ -n $prom_pid ]] && stop_pid "$prom_pid" 10
	[[ -n $demo_pid ]] && stop_pid "$demo_pid" 10
	if ((rc != 0)); then
		for f in demo.log prometheus.log; do
			[[ -s $tmp/$f ]] || continue
			say "last lines of $f:"
			tail -n 30 "$tmp/$f" >&2 || true
		done
	fi
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT

fails=0
fail() {
	say "FAIL: $*"
	fails=$((fails + 1))
}

# 1. Static checks with promtool.
shopt -s nullglob
rule_files=() test_files=()
for f in "$prom_dir"/*.yml "$prom_dir"/*.yaml; do
	case $f in
	*_test.yml | *_test.yaml) test_files+=("$f") ;;
	*) grep -q '^groups:' "$f" && rule_files+=("$f") ;;
	esac
done
((${#rule_files[@]})) || die "no rule files (top-level groups:) in $prom_dir"
((${#test_files[@]})) || die "no rule unit tests (*_test.yml) in $prom_dir"
mapfile -t dashboards < <(printf '%s\n' "$dash_dir"/*.json)
((${#dashboards[@]})) || die "no dashboards in $dash_dir"

say "promtool check rules ${rule_files[*]#"$ci_root"/}"
promtool check rules "${rule_files[@]}" || fail "promtool check rules"
say "promtool test rules ${test_files[*]#"$ci_root"/}"
(cd "$prom_dir" && promtool test rules "${test_files[@]}") || fail "promtool test rules"

# 2. The demo and a Prometheus scraping it.
bin=$(precursor_bin)
say "starting $bin demo --duration $duration --http $demo_http --console --console-listen $console"
"$bin" demo --duration "$duration" --http "$demo_http" --console --console-listen "$console" >"$tmp/demo.log" 2>&1 &
demo_pid=$!
wait_for 60 curl -fsS "http://$demo_http/metrics" || die "demo serves no /metrics on $demo_http within 60s"
wait_for 60 curl -fsS "http://$console/metrics" || die "the demo's console serves no /metrics on $console within 60s"

{
	printf 'global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n'
	printf 'rule_files:\n'
	printf '  - %s\n' "${rule_files[@]}"
	printf 'scrape_configs:\n  - job_name: precursor\n    static_configs:\n'
	printf '      - targets: ["%s"]\n' "$demo_http"
	printf '  - job_name: precursor-console\n    static_configs:\n'
	printf '      - targets: ["%s"]\n' "$console"
} >"$tmp/prometheus.yml"
promtool check config "$tmp/prometheus.yml" >&2 || die "generated Prometheus config is invalid"
say "starting prometheus on $listen"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
	--web.listen-address="$listen" --log.level=warn >"$tmp/prometheus.log" 2>&1 &
prom_pid=$!
wait_for 60 curl -fsS "http://$listen/-/ready" || die "prometheus not ready within 60s"

target_up() {
	curl -fsS "$api/targets" | jq -e '[.data.activeTargets[] | select(.health == "up")] | length > 0'
}
wait_for 30 target_up || die "prometheus cannot scrape http://$demo_http/metrics"

# record_dispositions signs in to the demo's console as its generated
# analyst and records OUTCOME on the first alerts of the queue, one per
# outcome given, as an analyst would from the alert page.
record_dispositions() {
	local jar=$tmp/cookies password ids id csrf outcome i=0
	password=$(sed -n 's/.*sign in as analyst \/ \([^ ]*\).*/\1/p' "$tmp/demo.log" | head -n 1)
	[[ -n $password ]] || die "the demo printed no console password"
	curl -fsS -c "$jar" -o /dev/null --data-urlencode user=analyst --data-urlencode "password=$password" \
		--data-urlencode next=/ "http://$console/login" || die "cannot sign in to the console"
	mapfile -t ids < <(curl -fsS -b "$jar" "http://$console/" | grep -o 'href="/alerts/[^"]*"' | sed 's/href="\/alerts\/\(.*\)"/\1/' | head -n $#)
	((${#ids[@]} == $#)) || die "the console queue lists ${#ids[@]} alerts, want $#"
	for outcome in "$@"; do
		id=${ids[$i]} i=$((i + 1))
		csrf=$(curl -fsS -b "$jar" "http://$console/alerts/$id" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="\(.*\)"/\1/')
		curl -fsS -b "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "outcome=$outcome" \
			--data-urlencode "note=prom-check" "http://$console/alerts/$id/disposition" ||
			die "recording $outcome on alert $id failed"
	done
	say "recorded dispositions: $*"
}
wait_for 30 sh -c "curl -fsS http://$console/healthz && grep -q 'sign in as' '$tmp/demo.log'" || die "console not up"
sleep 5 # let the console ingest the first alerts
record_dispositions confirmed false_positive legitimate_trade confirmed

say "scraping every 1s; waiting ${settle}s for rates and histograms to fill"
sleep "$settle"

# 3a. Metric exposition lint.
curl -fsS "http://$demo_http/metrics" >"$tmp/metrics.txt" || die "demo stopped serving /metrics"
if ! promtool check metrics <"$tmp/metrics.txt" >"$tmp/lint.txt" 2>&1 || [[ -s $tmp/lint.txt ]]; then
	cat "$tmp/lint.txt" >&2
	fail "promtool check metrics reported problems"
fi

# 3b. Every rule loaded and evaluated cleanly on real data.
curl -fsS "$api/rules" >"$tmp/rules.json"
nrules=$(jq '[.data.groups[].rules[]] | length' "$tmp/rules.json")
((nrules > 0)) || fail "prometheus loaded no rules"
jq -r '.data.groups[].rules[] | select(.health != "ok") | "\(.name): \(.health) \(.lastError // "")"' \
	"$tmp/rules.json" >"$tmp/bad-rules.txt"
if [[ -s $tmp/bad-rules.txt ]]; then
	cat "$tmp/bad-rules.txt" >&2
	fail "rules with evaluation errors"
fi
say "$nrules rule(s) loaded and evaluating"

# 3c. Every dashboard query returns data.
# grafana_expr EXPR prints EXPR with Grafana's variables replaced.
grafana_expr() {
	jq -rn --arg e "$1" '$e
		| gsub("\\$\\{?__rate_interval\\}?"; "1m")
		| gsub("\\$\\{?__interval(_ms)?\\}?"; "15s")
		| gsub("\\$\\{?__range_s\\}?"; "300")
		| gsub("\\$\\{?__range\\}?"; "5m")
		| gsub("(?<l>[A-Za-z_][A-Za-z0-9_]*)\\s*=~?\\s*\"(\\$\\{[^}]+\\}|\\$[A-Za-z_][A-Za-z0-9_]*|\\[\\[[^]]+\\]\\])\""; "\(.l)=~\".*\"")
		| gsub("\\$\\{[^}]+\\}|\\[\\[[^]]+\\]\\]|\\$[A-Za-z_][A-Za-z0-9_]*"; ".*")'
}
nq=0
for d in "${dashboards[@]}"; do
	jq -c '.. | objects | select(.targets? | type == "array") | . as $p
		| .targets[] | select(type == "object" and (.expr? | type) == "string" and .expr != "")
		| {title: ($p.title // "?"), ref: (.refId // "?"), expr}' "$d" >"$tmp/queries.jsonl"
	[[ -s $tmp/queries.jsonl ]] || fail "${d#"$ci_root"/}: no targets[].expr found"
	while IFS= read -r q; do
		title=$(jq -r .title <<<"$q")
		ref=$(jq -r .ref <<<"$q")
		expr=$(grafana_expr "$(jq -r .expr <<<"$q")")
		nq=$((nq + 1))
		resp=$(curl -sS --data-urlencode "query=$expr" "$api/query") || resp='{"status":"curl failed"}'
		status=$(jq -r '.status // "?"' <<<"$resp" 2>/dev/null || echo "bad json")
		n=$(jq -r '.data.result | length' <<<"$resp" 2>/dev/null || echo 0)
		if [[ $status != success ]]; then
			fail "panel \"$title\" ($ref): $(jq -r '.error // .' <<<"$resp" 2>/dev/null | head -c 300): $expr"
		elif ((n == 0)); then
			fail "panel \"$title\" ($ref): empty result: $expr"
		else
			say "ok   panel \"$title\" ($ref): $n series"
		fi
	done <"$tmp/queries.jsonl"
done
say "$nq dashboard queries checked"

if ((fails > 0)); then
	die "$fails Prometheus/Grafana check(s) failed"
fi
say "ok: rules, rule tests, metrics lint and $nq dashboard queries"
