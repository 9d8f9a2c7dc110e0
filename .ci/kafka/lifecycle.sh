# shellcheck shell=bash
# shellcheck disable=SC2154 # the globals are set by kafka.sh, which sources this file
# lifecycle.sh — up, down and status of the whole CI cluster and the
# per-node commands of kafka.sh (source it from kafka.sh after nodes.sh and
# pki.sh).

# kctl runs kafkactl with the cluster's description in its environment.
kctl() {
	(
		set -a
		# shellcheck source=/dev/null
		. "$envfile"
		set +a
		exec "$kafkactl" "$@"
	)
}

build_kafkactl() {
	mkdir -p "$(dirname "$kafkactl")"
	(cd "$root" && "$go" build -o "$kafkactl" ./.ci/kafkactl)
}

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
	log "fetching Kafka jars with Maven into $dir/libs"
	local start=$SECONDS
	rm -rf "$dir/libs"
	mkdir -p "$dir"
	# Maven 3.8 -q still prints colour resets: keep its output in a log.
	if ! mvn "${args[@]}" >"$dir/maven.log" 2>&1; then
		cat "$dir/maven.log" >&2
		log "maven failed (is Maven Central reachable? is ~/.m2/settings.xml sane?)"
		return 1
	fi
	echo "$want" >"$dir/libs/.version"
	log "fetched $(find "$dir/libs" -name '*.jar' | wc -l) jars in $((SECONDS - start))s"
}

# secret prints a random password of 32 hex digits.
secret() { openssl rand -hex 16; }

# write_env describes the cluster for tests and scripts in $envfile (values
# single-quoted: paths must not hold a single quote).
write_env() {
	umask 077
	{
		echo "# The CI Kafka cluster, written by .ci/kafka/kafka.sh up. Load it with"
		echo "# eval \"\$(.ci/kafka/kafka.sh env)\" (or set -a; . this file)."
		printf "%s='%s'\n" KAFKA_DIR "$dir" KAFKA_CONTROL "$root/.ci/kafka/kafka.sh" \
			KAFKA_PORT "$base" KAFKA_CONTROLLER_PORT "$cport" KAFKA_CLUSTER_ID "$cluster_id" \
			KAFKA_BROKER_IDS "$(IFS=,; echo "${broker_ids[*]}")" KAFKA_CONTROLLER_ID "$controller_id" \
			KAFKA_BROKERS "$(addrs plaintext)" KAFKA_SASL_BROKERS "$(addrs sasl)" KAFKA_SSL_BROKERS "$(addrs ssl)" \
			KAFKA_SASL_MECHANISMS "$mechanisms" KAFKA_SASL_USERNAME "$sasl_user" KAFKA_SASL_PASSWORD "$sasl_password" \
			KAFKA_TLS_CA_FILE "$dir/pki/ca.pem" KAFKA_TLS_CERT_FILE "$dir/pki/client.pem" \
			KAFKA_TLS_KEY_FILE "$dir/pki/client-key.pem" KAFKA_REPLICATION_FACTOR 3 KAFKA_MIN_INSYNC_REPLICAS 2
	} >"$envfile"
}

# check_ports fails if one of the cluster's ports is in the kernel's
# ephemeral range (any outgoing connection may hold it, so a broker could
# not bind it later) or something listens on it already.
check_ports() {
	local p lo hi busy=()
	read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
	for p in $(all_ports); do
		if ((p >= lo && p <= hi)); then
			log "port $p is in the kernel's ephemeral port range $lo-$hi, where outgoing connections take their ports: choose KAFKA_PORT (10 ports from it) and KAFKA_CONTROLLER_PORT below $lo"
			return 1
		fi
		if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			busy+=("$p")
		fi
	done
	((${#busy[@]} == 0)) && return 0
	log "127.0.0.1 port(s) ${busy[*]} already in use by another process; choose a free range with KAFKA_PORT (10 ports from it) or KAFKA_CONTROLLER_PORT"
	return 1
}

# wait_ready NODES -- KAFKACTL-WAIT-ARGS... runs kafkactl wait and fails as
# soon as one of NODES has exited instead of waiting for its timeout.
wait_ready() {
	local nodes=() node waiter
	while [[ $1 != -- ]]; do
		nodes+=("$1")
		shift
	done
	shift
	kctl wait "$@" >&2 &
	waiter=$!
	while kill -0 "$waiter" 2>/dev/null; do
		for node in "${nodes[@]}"; do
			node_running "$node" && continue
			kill "$waiter" 2>/dev/null || true
			wait "$waiter" 2>/dev/null || true
			log "$(node_name "$node") exited while starting"
			node_tail "$node"
			return 1
		done
		sleep 0.5
	done
	wait "$waiter"
}

# create makes a new cluster: credentials, configs and storage, then
# starts the controller (the brokers wait for it: it starts while the
# certificates are made), then certificates and the brokers' configs.
create() {
	rm -rf "$dir/controller" "$dir"/broker-* "$dir/pki" "$envfile"
	cluster_id=$(kafka_uuid)
	sasl_password=$(secret)
	store_password=$(secret)
	render controller "$root/.ci/kafka/controller.properties.in" || return 1
	# The SCRAM credentials go into the controller's first metadata: they
	# exist from the first moment the brokers serve.
	node_format controller --add-scram "SCRAM-SHA-256=[name=$sasl_user,password=$sasl_password]" \
		--add-scram "SCRAM-SHA-512=[name=$sasl_user,password=$sasl_password]" ||
		{ log "formatting the controller's storage failed"; return 1; }
	node_launch controller || return 1
	make_pki "$dir/pki" "$store_password" "${broker_ids[@]}" || { log "making the certificates failed"; return 1; }
	local id
	for id in "${broker_ids[@]}"; do
		render "$id" "$root/.ci/kafka/broker.properties.in" || return 1
		broker_meta "$id" || return 1
	done
	write_env
}

# current: cluster.env describes a formatted cluster on the requested ports.
current() {
	[[ -f $envfile && -f $dir/controller/data/meta.properties ]] || return 1
	grep -qxF "KAFKA_BROKERS='$(addrs plaintext)'" "$envfile" && grep -qxF "KAFKA_CONTROLLER_PORT='$cport'" "$envfile"
}

# need_tools fails unless the commands a new cluster needs are installed
# (make ci-deps installs them).
need_tools() {
	local cmd pkg
	for cmd in java:openjdk-17-jre-headless keytool:openjdk-17-jre-headless openssl:openssl; do
		pkg=${cmd#*:} cmd=${cmd%%:*}
		command -v "$cmd" >/dev/null || { log "$cmd not found (apt-get install $pkg, or make ci-deps)"; return 1; }
	done
}

up() {
	local start=$SECONDS node fresh=
	need_tools
	fetch
	build_kafkactl
	if ! current; then
		[[ -f $envfile ]] && log "the cluster in $dir is incomplete or uses other ports; making a new one"
		down
		check_ports || return 1
		log "creating a cluster in $dir (controller $controller_id, brokers ${broker_ids[*]})"
		local made=$SECONDS
		create || { down; return 1; }
		log "controller started, certificates, configs and storage made in $((SECONDS - made))s"
		fresh=1
	fi
	local jar
	jar=$(find "$dir/libs" -name 'kafka_2.13-*.jar' -printf '%f\n' | head -n 1)
	jar=${jar#kafka_2.13-}
	for node in controller "${broker_ids[@]}"; do
		case $(node_state "$node") in
		running) ;;
		paused) node_resume "$node" ;;
		stopped)
			[[ -z $fresh ]] && log "starting $(node_name "$node"), which was down"
			node_launch "$node"
			;;
		esac
	done
	log "Apache Kafka ${jar%.jar}: PLAINTEXT $(addrs plaintext), SASL $(addrs sasl), SSL $(addrs ssl), controller 127.0.0.1:$cport"
	if ! wait_ready controller "${broker_ids[@]}" -- -count "${#broker_ids[@]}" -listeners all -timeout "${timeout}s"; then
		log "the cluster did not become ready${fresh:+; stopping it (logs stay in $dir)}"
		[[ -n $fresh ]] && down
		return 1
	fi
	log "cluster ready in $((SECONDS - start))s; description in $envfile"
}

down() {
	local node
	for node in "${broker_ids[@]}" controller; do
		node_signal "$node" KILL
	done
	# A single broker left by the previous version of this script.
	if [[ -f $dir/kafka.pid ]] && grep -q kafka.Kafka "/proc/$(cat "$dir/kafka.pid")/cmdline" 2>/dev/null; then
		kill -KILL "$(cat "$dir/kafka.pid")" 2>/dev/null || true
	fi
	rm -rf "$dir/kafka.pid" "$dir/data" "$dir/server.properties" "$dir/pki" "$envfile"
	for node in controller "${broker_ids[@]}"; do
		rm -rf "$(node_dir "$node")/data" "$(node_dir "$node")/server.properties"
	done
}

status() {
	local node ok=0
	for node in controller "${broker_ids[@]}"; do
		local state
		state=$(node_state "$node")
		printf '%-10s %s\n' "$(node_name "$node")" "$state"
		[[ $state == running ]] || ok=1
	done
	((ok == 0)) && [[ -f $envfile ]] || return 1
	kctl wait -count "${#broker_ids[@]}" -timeout 5s
}

# Per-node commands.
node_start() {
	local node=$1 start=$SECONDS
	case $(node_state "$node") in
	paused) node_resume "$node" ;;
	stopped) node_launch "$node" ;;
	esac
	if [[ $node == controller ]]; then
		wait_ready controller -- -count "${#broker_ids[@]}" -timeout "${timeout}s" || return 1
	else
		wait_ready "$node" -- -broker "$node" -timeout "${timeout}s" || return 1
	fi
	log "$(node_name "$node") up in $((SECONDS - start))s"
}
node_stop() { node_signal "$1" TERM; }
node_kill() { node_signal "$1" KILL; }
node_pause() { node_signal "$1" STOP; }
node_resume() { node_signal "$1" CONT; }
