#!/usr/bin/env bash
# deps.sh — install the Debian packages the CI steps need, if missing:
# kcat (interop), prometheus (prometheus + promtool), jq, curl, and Maven, a
# Java 17 runtime (with keytool) and openssl for the Kafka cluster and its
# certificates. apt-get update runs at most once
# and only when something is missing. Go itself must already be installed.
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export CI_STEP=${CI_STEP:-deps}

command -v "${GO:-go}" >/dev/null || die "go is not installed"
need_apt curl curl
need_apt jq jq
need_apt kcat kcat
need_apt promtool prometheus
need_apt java openjdk-17-jre-headless
need_apt mvn maven
need_apt openssl openssl
# make catalog-data builds a Python virtual environment (PyPI: chemicals, rdkit).
need_apt python3 python3
if ! python3 -m venv --help >/dev/null 2>&1; then
	need_apt_pkg python3-venv
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
((${java_major%%.*} >= 17)) || die "Kafka 4 needs Java 17 or newer; java is $java_major"
