#!/usr/bin/env bash
# test-browser.sh — the triage console in a real browser: installs Debian's
# chromium (and a font) when missing, then runs the chromedp tests of the
# console (build tag "browser"). Screenshots go to testresults/browser/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=.ci/lib.sh
. .ci/lib.sh
export CI_STEP=${CI_STEP:-test-browser}

need_apt chromium chromium
# A font, or every screenshot shows boxes (need_apt skips recommends).
if [[ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; then
	[[ -n ${APT_UPDATED:-} ]] || DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	say "apt-get install fonts-dejavu-core"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-dejavu-core >&2
fi
say "$(chromium --version 2>/dev/null || echo 'chromium version unknown')"
mkdir -p testresults/browser
"${GO:-go}" test -count=1 -tags browser -run 'Browser' -v ./console/ 2>&1 | tee testresults/browser/go-test.log
exit "${PIPESTATUS[0]}"
