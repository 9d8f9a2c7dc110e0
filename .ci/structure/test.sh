#!/usr/bin/env bash
# test.sh — everything that needs the structure resolver (make test-structure):
#   1. build the resolver jar and run its JUnit tests (resolver.sh --test);
#   2. go test -tags structure ./structure/ (each test package starts its own
#      resolver child process from the jar, and stops it);
#   3. go test -tags structure ./pipeline/, the tests that need the real
#      resolver: a manifest naming an uncatalogued carbamate of 4-AP to an
#      alert showing its structure, the resolver killed mid-stream, and the
#      recorded answers the tests without Java serve;
#   4. precursor catalog lint --structure on the embedded catalog and on the
#      structure test catalog, against a resolver this script starts.
# Environment: GO (go), PRECURSOR_BIN (bin/precursor), GOTESTFLAGS (extra go
# test flags, e.g. -v), STRUCTURE_RUN (go test -run filter of ./structure/,
# default all), PIPELINE_STRUCTURE_RUN (of ./pipeline/).
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
export CI_STEP=${CI_STEP:-test-structure}

go=${GO:-go}
bin=${PRECURSOR_BIN:-$ci_root/bin/precursor}
jar=${RESOLVER_DIR:-$ci_root/.cache/resolver}/resolver.jar
read -r -a extra <<<"${GOTESTFLAGS:-}"

bash "$ci_root/.ci/structure/resolver.sh" --test
export PRECURSOR_RESOLVER_JAR=$jar

say "go test -tags structure ./structure/"
(cd "$ci_root" && "$go" test -count=1 -tags structure -run "${STRUCTURE_RUN:-.}" "${extra[@]}" ./structure/)

say "go test -tags structure ./pipeline/ (real resolver)"
(cd "$ci_root" && "$go" test -count=1 -tags structure -run "${PIPELINE_STRUCTURE_RUN:-RealResolver|RecordedAnswers}" "${extra[@]}" ./pipeline/)

say "precursor catalog lint --structure"
"$bin" catalog lint --structure --resolver-jar "$jar"
