# shellcheck shell=bash
# lib.sh — helpers shared by the scripts in .ci (source it; it sets nothing
# else up). Every message goes to stderr with a UTC timestamp.

ci_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# say prints a timestamped progress line.
say() { printf '%s [%s] %s\n' "$(date -u +%H:%M:%S)" "${CI_STEP:-ci}" "$*" >&2; }

# die prints a message and exits non-zero.
die() {
	say "FAIL: $*"
	exit 1
}

# apt_updated is set once apt-get update has run in this process tree.
apt_updated=${APT_UPDATED:-}

# need_apt CMD PKG installs Debian package PKG unless command CMD exists.
# apt-get update runs at most once, and only when something is missing.
need_apt() {
	local cmd=$1 pkg=$2
	command -v "$cmd" >/dev/null 2>&1 && return 0
	need_apt_pkg "$pkg"
	command -v "$cmd" >/dev/null 2>&1 || die "installed $pkg but $cmd is still missing"
}

# need_apt_pkg PKG installs a Debian package (apt-get update at most once).
need_apt_pkg() {
	local pkg=$1
	[[ $(id -u) == 0 ]] || die "$pkg is missing: apt-get install $pkg (needs root)"
	if [[ -z $apt_updated ]]; then
		say "apt-get update"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
		apt_updated=1
		export APT_UPDATED=1
	fi
	say "apt-get install $pkg"
	local out
	if ! out=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" 2>&1); then
		printf '%s\n' "$out" >&2
		die "apt-get install $pkg failed"
	fi
}

# wait_for SECONDS CMD... retries CMD every 0.5 s until it succeeds; returns 1
# on timeout.
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || return 1
		sleep 0.5
	done
}

# stop_pid PID [SECONDS] sends SIGTERM, waits, then SIGKILL. Only for
# processes the calling script started.
stop_pid() {
	local pid=$1 grace=${2:-15} i
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < grace * 2; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.5
	done
	say "pid $pid ignored SIGTERM for ${grace}s; killing it"
	kill -KILL "$pid" 2>/dev/null || true
}

# precursor_bin builds bin/precursor unless PRECURSOR_BIN names a binary.
precursor_bin() {
	if [[ -n ${PRECURSOR_BIN:-} ]]; then
		printf '%s\n' "$PRECURSOR_BIN"
		return 0
	fi
	(cd "$ci_root" && ${GO:-go} build -o bin/precursor ./cmd/precursor) >&2 || return 1
	printf '%s\n' "$ci_root/bin/precursor"
}
