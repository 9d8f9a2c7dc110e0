#!/usr/bin/env bash
# resolver.sh — build the structure resolver jar (structure/resolver, OPSIN +
# CDK) from Maven Central into .cache/resolver/resolver.jar with the machine's
# Java 17 and Maven. Rebuilds only when the sources or the pom changed.
#   bash .ci/structure/resolver.sh [--test]   (--test also runs its JUnit tests)
# Environment: RESOLVER_DIR (.cache/resolver).
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
export CI_STEP=${CI_STEP:-resolver}

src=$ci_root/structure/resolver
out=${RESOLVER_DIR:-$ci_root/.cache/resolver}
tests=0
[[ ${1:-} == --test ]] && tests=1

need_apt java openjdk-17-jre-headless
need_apt javac openjdk-17-jdk-headless
need_apt mvn maven

# The jar is current while the pom and every source file are unchanged.
want=$(cd "$src" && find pom.xml src -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
if ((tests == 0)) && [[ -f $out/resolver.jar && -f $out/.version && $(cat "$out/.version") == "$want" ]]; then
	say "resolver jar is current ($out/resolver.jar)"
	exit 0
fi
mkdir -p "$out"
goals=(package)
((tests == 1)) || goals+=(-DskipTests)
say "building the resolver with Maven (${goals[*]})"
start=$SECONDS
# Maven 3.8 -q still prints colour resets: keep its output in a log.
if ! mvn -q -B -Dstyle.color=never -f "$src/pom.xml" "-DbuildDirectory=$out/target" "${goals[@]}" >"$out/maven.log" 2>&1; then
	cat "$out/maven.log" >&2
	die "maven failed (see above; is Maven Central reachable?)"
fi
if ((tests == 1)); then
	grep -h -E "Tests run:.*Fail" "$out"/target/surefire-reports/*.txt >&2 || true
fi
cp "$out/target/resolver.jar" "$out/resolver.jar"
echo "$want" >"$out/.version"
say "built $out/resolver.jar ($(du -h "$out/resolver.jar" | cut -f1)) in $((SECONDS - start))s"
