# shellcheck shell=bash
# shellcheck disable=SC2154 # the globals are set by kafka.sh, which sources this file
# nodes.sh — the processes of the CI Kafka cluster, one JVM per node (source
# it from kafka.sh, which sets root, dir, base, cport, controller_id and
# broker_ids). A node is "controller" or a broker id; its files live in
# $dir/<node-name>/: server.properties, data/, logs/ (server.log from
# log4j2, kafka.out for the JVM's own output) and pid.

log() { printf '%s kafka: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# Ports: broker N listens on base+N-1 (PLAINTEXT), base+N+2 (SASL_PLAINTEXT)
# and base+N+5 (SSL); the controller on cport (base+9 unless set).
plaintext_port() { echo $((base + $1 - 1)); }
sasl_port() { echo $((base + $1 + 2)); }
ssl_port() { echo $((base + $1 + 5)); }

# addrs KIND prints the comma-separated bootstrap list of one listener kind.
addrs() {
	local kind=$1 id out=()
	for id in "${broker_ids[@]}"; do
		out+=("127.0.0.1:$("${kind}_port" "$id")")
	done
	(IFS=,; echo "${out[*]}")
}

# all_ports prints every port the cluster listens on.
all_ports() {
	local id
	for id in "${broker_ids[@]}"; do
		plaintext_port "$id"
		sasl_port "$id"
		ssl_port "$id"
	done
	echo "$cport"
}

node_name() { if [[ $1 == controller ]]; then echo controller; else echo "broker-$1"; fi; }
node_dir() { echo "$dir/$(node_name "$1")"; }

# alive PID: the process exists and is not a zombie (a killed JVM whose
# parent has not reaped it yet is gone for every purpose here).
alive() {
	local state
	state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
	[[ -n $state && $state != Z ]]
}

# node_pid NODE prints the pid of the node's live JVM; fails if none. The
# command line must name the node's own config, so a reused pid never counts.
node_pid() {
	local nd pid
	nd=$(node_dir "$1")
	[[ -f $nd/pid ]] || return 1
	pid=$(<"$nd/pid")
	alive "$pid" || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $nd/server.properties" || return 1
	echo "$pid"
}

node_running() { node_pid "$1" >/dev/null; }

# node_state NODE prints running, paused or stopped.
node_state() {
	local pid
	pid=$(node_pid "$1") || { echo stopped; return 0; }
	if [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == T ]]; then
		echo paused
	else
		echo running
	fi
}

# java_args NODE sets jargs to the JVM flags and class path of a node.
java_args() {
	local heap=$broker_heap
	[[ $1 == controller ]] && heap=$controller_heap
	# shellcheck disable=SC2206 # heap and jvm_opts hold several flags on purpose
	jargs=($heap $jvm_opts -Djava.awt.headless=true
		-Dlog4j2.configurationFile="$root/.ci/kafka/log4j2.properties"
		-Dkafka.logs.dir="$(node_dir "$1")/logs" -cp "$dir/libs/*")
}

# node_format NODE [STORAGE-TOOL-ARGS...] formats the node's data directory
# for cluster $cluster_id (only once).
node_format() {
	local node=$1 nd jargs
	shift
	nd=$(node_dir "$node")
	[[ -f $nd/data/meta.properties ]] && return 0
	java_args "$node"
	java "${jargs[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$nd/server.properties" "$@" \
		>"$nd/logs/format.log" 2>&1 || { cat "$nd/logs/format.log" >&2; return 1; }
}

# broker_meta ID writes a broker's meta.properties (format version 1), as
# `kafka-storage format` would for a broker: node id, a new directory id and
# the cluster id. A broker needs nothing else in its empty log directory,
# and this saves a JVM start per broker.
broker_meta() {
	local nd
	nd=$(node_dir "$1")
	printf '#\n#written by .ci/kafka/kafka.sh\nnode.id=%s\ndirectory.id=%s\nversion=1\ncluster.id=%s\n' \
		"$1" "$(kafka_uuid)" "$cluster_id" >"$nd/data/meta.properties"
}

# kafka_uuid prints a random Kafka Uuid: 16 bytes, URL-safe base64 without
# padding.
kafka_uuid() { head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; }

# node_launch NODE starts the node's JVM in the background (no waiting).
node_launch() {
	local node=$1 nd jargs
	nd=$(node_dir "$node")
	node_running "$node" && return 0
	java_args "$node"
	# A simple command in the background: $! is the JVM itself.
	java "${jargs[@]}" kafka.Kafka "$nd/server.properties" >>"$nd/logs/kafka.out" 2>&1 </dev/null &
	echo $! >"$nd/pid"
}

# node_signal NODE SIGNAL [GRACE]: send SIGNAL; for TERM and KILL wait until
# the JVM is gone (TERM escalates to KILL after GRACE seconds, default 30).
node_signal() {
	local node=$1 sig=$2 grace=${3:-30} pid i
	pid=$(node_pid "$node") || return 0
	kill -"$sig" "$pid" 2>/dev/null || return 0
	case $sig in TERM | KILL) ;; *) return 0 ;; esac
	[[ $sig == TERM ]] && kill -CONT "$pid" 2>/dev/null # a paused JVM cannot shut down
	for ((i = 0; i < grace * 10; i++)); do
		alive "$pid" || break
		sleep 0.1
	done
	if alive "$pid"; then
		log "$(node_name "$node") (pid $pid) ignored SIGTERM for ${grace}s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
		while alive "$pid"; do sleep 0.1; done
	fi
	rm -f "$(node_dir "$node")/pid"
}

# node_tail NODE prints the end of the node's logs.
node_tail() {
	local nd
	nd=$(node_dir "$1")
	log "last lines of $nd/logs/server.log and kafka.out:"
	tail -n 30 "$nd/logs/server.log" >&2 2>/dev/null || true
	tail -n 10 "$nd/logs/kafka.out" >&2 2>/dev/null || true
}

# render NODE TEMPLATE writes the node's server.properties from TEMPLATE.
render() {
	local node=$1 nd id=$1
	nd=$(node_dir "$node")
	[[ $node == controller ]] && id=$controller_id
	mkdir -p "$nd/data" "$nd/logs"
	sed -e "s|@NODE_ID@|$id|g" -e "s|@CONTROLLER_ID@|$controller_id|g" -e "s|@CONTROLLER_PORT@|$cport|g" \
		-e "s|@PLAINTEXT_PORT@|$(plaintext_port "$id")|g" -e "s|@SASL_PORT@|$(sasl_port "$id")|g" \
		-e "s|@SSL_PORT@|$(ssl_port "$id")|g" -e "s|@DATA_DIR@|$nd/data|g" -e "s|@PKI_DIR@|$dir/pki|g" \
		-e "s|@SASL_USER@|$sasl_user|g" -e "s|@SASL_PASSWORD@|$sasl_password|g" \
		-e "s|@STORE_PASSWORD@|$store_password|g" "$2" >"$nd/server.properties"
	chmod 600 "$nd/server.properties"
}
