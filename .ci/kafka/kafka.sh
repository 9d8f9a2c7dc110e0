#!/usr/bin/env bash
# kafka.sh up|down|status|fetch — a single-node Apache Kafka broker (KRaft,
# combined broker+controller) for end-to-end tests, run from Kafka's jars on
# Maven Central with the machine's Java 17. No Docker, no Kafka tarball.
#
#   up      fetch jars (mvn dependency:copy-dependencies, cached in ~/.m2),
#           render server.properties, format storage, start kafka.Kafka in the
#           background and wait until it answers a metadata request.
#           Does nothing if a healthy broker from this directory is running.
#   down    stop it by pid file (SIGTERM, then SIGKILL) and delete its data.
#   status  exit 0 if the broker is running and answers metadata.
#   fetch   only fetch the jars.
#
# Environment (defaults): KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093),
# KAFKA_VERSION (pom default), KAFKA_DIR (.cache/kafka), KAFKA_START_TIMEOUT
# (120 s), KAFKA_HEAP (-Xms256m -Xmx768m), GO (go).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
port=${KAFKA_PORT:-19092}
cport=${KAFKA_CONTROLLER_PORT:-19093}
dir=${KAFKA_DIR:-$root/.cache/kafka}
timeout=${KAFKA_START_TIMEOUT:-120}
heap=${KAFKA_HEAP:--Xms256m -Xmx768m}
go=${GO:-go}
pidfile=$dir/kafka.pid
kafkactl=$root/.cache/bin/kafkactl

log() { printf '%s kafka: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# running: the pid file names a live kafka.Kafka process.
running() {
	[[ -f $pidfile ]] || return 1
	local pid
	pid=$(cat "$pidfile")
	kill -0 "$pid" 2>/dev/null && grep -q kafka.Kafka "/proc/$pid/cmdline" 2>/dev/null
}

# port_busy PORT: something already accepts connections on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch() {
	local args=(-q -B -Dstyle.color=never -f "$root/.ci/kafka/pom.xml"
		dependency:copy-dependencies "-DoutputDirectory=$dir/libs")
	[[ -n ${KAFKA_VERSION:-} ]] && args+=("-Dkafka.version=$KAFKA_VERSION")
	# The jars are current while the pom and the requested version are.
	local want
	want="$(sha256sum <"$root/.ci/kafka/pom.xml" | cut -c1-16) ${KAFKA_VERSION:-default}"
	if [[ -f $dir/libs/.version && $(cat "$dir/libs/.version") == "$want" ]]; then
		return 0
	fi
	command -v mvn >/dev/null || { log "mvn not found (apt-get install maven)"; return 1; }
	command -v java >/dev/null || { log "java not found (apt-get install openjdk-17-jre-headless)"; return 1; }
	log "fetching Kafka jars with Maven into $dir/libs"
	local start=$SECONDS
	rm -rf "$dir/libs"
	mkdir -p "$dir/logs"
	# Maven 3.8 -q still prints colour resets: keep its output in a log.
	if ! mvn "${args[@]}" >"$dir/logs/maven.log" 2>&1; then
		cat "$dir/logs/maven.log" >&2
		log "maven failed (is Maven Central reachable? is ~/.m2/settings.xml sane?)"
		return 1
	fi
	echo "$want" >"$dir/libs/.version"
	log "fetched $(find "$dir/libs" -name '*.jar' | wc -l) jars in $((SECONDS - start))s"
}

build_kafkactl() {
	mkdir -p "$(dirname "$kafkactl")"
	(cd "$root" && "$go" build -o "$kafkactl" ./.ci/kafkactl)
}

render_config() {
	mkdir -p "$dir/data" "$dir/logs"
	sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$cport|g" -e "s|@DATA_DIR@|$dir/data|g" \
		"$root/.ci/kafka/server.properties.in" >"$dir/server.properties"
}

# java_args sets jargs to the JVM flags and class path every Kafka main needs.
java_args() {
	# shellcheck disable=SC2206 # heap holds several JVM flags on purpose
	jargs=($heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
		-Dlog4j2.configurationFile="$root/.ci/kafka/log4j2.properties"
		-Dkafka.logs.dir="$dir/logs" -cp "$dir/libs/*")
}

format_storage() {
	if [[ -f $dir/data/meta.properties ]]; then
		return 0
	fi
	# A Kafka cluster id is 16 random bytes, URL-safe base64 without padding.
	local id
	id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
	log "formatting storage in $dir/data (cluster $id)"
	local jargs
	java_args
	java "${jargs[@]}" kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" \
		>"$dir/logs/format.log" 2>&1 || { cat "$dir/logs/format.log" >&2; return 1; }
}

fail_start() {
	log "$1; last lines of $dir/logs/server.log and kafka.out:"
	tail -n 40 "$dir/logs/server.log" >&2 2>/dev/null || true
	tail -n 20 "$dir/logs/kafka.out" >&2 2>/dev/null || true
	down
	return 1
}

up() {
	if running && "$kafkactl" wait -brokers "127.0.0.1:$port" -timeout 10s >/dev/null 2>&1; then
		log "already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
		return 0
	fi
	running && down
	for p in "$port" "$cport"; do
		if port_busy "$p"; then
			log "127.0.0.1:$p is already in use by another process; set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
			return 1
		fi
	done
	fetch
	build_kafkactl
	render_config
	format_storage
	local start=$SECONDS
	local jar
	jar=$(find "$dir/libs" -name 'kafka_2.13-*.jar' -printf '%f\n' | head -n 1)
	jar=${jar#kafka_2.13-}
	log "starting Apache Kafka ${jar%.jar} on 127.0.0.1:$port (controller 127.0.0.1:$cport)"
	local jargs
	java_args
	# A simple command in the background: $! is the JVM itself.
	java "${jargs[@]}" kafka.Kafka "$dir/server.properties" >"$dir/logs/kafka.out" 2>&1 </dev/null &
	echo $! >"$pidfile"
	if ! "$kafkactl" wait -brokers "127.0.0.1:$port" -timeout "${timeout}s" >&2; then
		running || fail_start "broker exited"
		fail_start "broker did not answer metadata within ${timeout}s"
	fi
	running || fail_start "broker exited"
	log "broker ready in $((SECONDS - start))s (pid $(cat "$pidfile"))"
}

down() {
	if running; then
		local pid i
		pid=$(cat "$pidfile")
		log "stopping broker (pid $pid)"
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < 60; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "broker ignored SIGTERM for 30s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	rm -f "$pidfile"
	rm -rf "$dir/data" "$dir/server.properties"
}

status() {
	running && "$kafkactl" wait -brokers "127.0.0.1:$port" -timeout 5s
}

case ${1:-} in
up) up ;;
down) down ;;
status) status ;;
fetch) fetch ;;
*)
	echo "usage: $0 up|down|status|fetch" >&2
	exit 2
	;;
esac
