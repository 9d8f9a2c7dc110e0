#!/usr/bin/env bash
# kafka.sh — a three-broker Apache Kafka cluster (KRaft) on loopback for the
# end-to-end tests, run from Kafka's jars on Maven Central with the machine's
# Java 17: one dedicated controller (node 100) and brokers 1, 2 and 3, each
# with PLAINTEXT, SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and
# SSL (client certificate required) listeners. Topics default to replication
# factor 3 and min.insync.replicas=2. No Docker, no Kafka tarball.
#
#   up            fetch jars (Maven, cached in ~/.m2), make certificates,
#                 SASL credentials and configs, format storage, start the
#                 four JVMs and wait until every broker answers on every
#                 listener. On a cluster that exists already it only starts
#                 (or resumes) the nodes that are down. Prints nothing on
#                 stdout; the cluster's description goes to
#                 $KAFKA_DIR/cluster.env.
#   down          stop every node (SIGKILL: the data is thrown away) and
#                 delete data, certificates and cluster.env; logs stay.
#   status        print each node's state; exit 0 if all are up and the
#                 three brokers answer.
#   env           print the cluster's description as `export K=V` lines:
#                 eval "$(.ci/kafka/kafka.sh env)"
#   fetch         only fetch the jars.
#   start ID      start (or resume) broker ID (1-3, or "controller") and
#                 wait until it is registered and answers.
#   stop ID       controlled shutdown (SIGTERM; SIGKILL after 30 s).
#   kill ID       kill -9: no shutdown at all.
#   pause ID      SIGSTOP: the JVM freezes with its connections open.
#   resume ID     SIGCONT.
#   leader TOPIC PARTITION   print the id of the partition's leader.
#
# Ports (127.0.0.1 only): broker N listens on KAFKA_PORT+N-1 (PLAINTEXT),
# KAFKA_PORT+N+2 (SASL_PLAINTEXT) and KAFKA_PORT+N+5 (SSL); the controller
# on KAFKA_CONTROLLER_PORT. With the default KAFKA_PORT 19092 that is
# 19092-19094, 19095-19097, 19098-19100, and 19101.
#
# Environment (defaults): KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT
# (KAFKA_PORT+9), KAFKA_VERSION (pom default), KAFKA_DIR (.cache/kafka),
# KAFKA_START_TIMEOUT (120 s), KAFKA_HEAP (-Xms128m -Xmx512m, per broker),
# KAFKA_CONTROLLER_HEAP (-Xms64m -Xmx256m), KAFKA_JVM_OPTS (see below),
# KAFKA_SASL_USERNAME (precursor), GO (go).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=${KAFKA_DIR:-$root/.cache/kafka}
envfile=$dir/cluster.env
# Node commands act on the cluster that `up` described, whatever the
# caller's environment says.
if [[ ${1:-} != up && ${1:-} != down && -f $envfile ]]; then
	set -a
	# shellcheck source=/dev/null
	. "$envfile"
	set +a
fi
base=${KAFKA_PORT:-19092}
cport=${KAFKA_CONTROLLER_PORT:-$((base + 9))}
timeout=${KAFKA_START_TIMEOUT:-120}
broker_heap=${KAFKA_HEAP:--Xms128m -Xmx512m}
controller_heap=${KAFKA_CONTROLLER_HEAP:--Xms64m -Xmx256m}
# Four JVMs share two cores: the serial collector and the C1 compiler only
# start faster and use less CPU than G1 and C2 for this light load.
jvm_opts=${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError}
sasl_user=${KAFKA_SASL_USERNAME:-precursor}
go=${GO:-go}
kafkactl=$root/.cache/bin/kafkactl
controller_id=100
broker_ids=(1 2 3)
mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512

# shellcheck source=.ci/kafka/nodes.sh
. "$root/.ci/kafka/nodes.sh"
# shellcheck source=.ci/kafka/pki.sh
. "$root/.ci/kafka/pki.sh"
# shellcheck source=.ci/kafka/lifecycle.sh
. "$root/.ci/kafka/lifecycle.sh"

# node_arg ID checks a node argument: a broker id or "controller".
node_arg() {
	local id
	[[ ${1:-} == controller ]] && return 0
	for id in "${broker_ids[@]}"; do
		[[ ${1:-} == "$id" ]] && return 0
	done
	log "unknown node ${1:-(none)}: want one of ${broker_ids[*]} or controller"
	exit 2
}

# need_cluster fails unless `up` has described a cluster.
need_cluster() {
	[[ -f $envfile ]] || { log "no cluster in $dir: run make kafka-up"; exit 1; }
}

cmd=${1:-}
case $cmd in
up) up ;;
down) down ;;
status) status ;;
fetch) fetch ;;
env)
	need_cluster
	sed -n 's/^\(KAFKA_[A-Z_]*=\)/export \1/p' "$envfile"
	;;
start | stop | kill | pause | resume)
	need_cluster
	node_arg "${2:-}"
	"node_$cmd" "$2"
	;;
leader)
	need_cluster
	(($# == 3)) || { log "usage: $0 leader TOPIC PARTITION"; exit 2; }
	kctl leader -topic "$2" -partition "$3"
	;;
*)
	sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
