#!/usr/bin/env bash
# run.sh — regenerate chemicals/names.generated.yaml (make catalog-data).
# Installs its own tools under .cache/catalogdata: a Python virtual
# environment with the pinned requirements.txt (PyPI) and OPSIN from Maven
# Central (pom.xml), run with the machine's Java 17. Build time only.
#   OUT=path   write elsewhere (the CI check compares against the committed file)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/chemicals/catalogdata
cache=${CATALOGDATA_CACHE:-$root/.cache/catalogdata}
out=${OUT:-$root/chemicals/names.generated.yaml}
python=${PYTHON:-python3}

command -v java >/dev/null || { echo "catalog-data: java not found (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "catalog-data: mvn not found (apt-get install maven)" >&2; exit 1; }
mkdir -p "$cache"

# The venv is current while requirements.txt is.
want=$(sha256sum <"$here/requirements.txt" | cut -c1-16)
if [[ ! -x $cache/venv/bin/python || $(cat "$cache/venv/.requirements" 2>/dev/null) != "$want" ]]; then
	rm -rf "$cache/venv"
	"$python" -m venv "$cache/venv"
	"$cache/venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
	echo "$want" >"$cache/venv/.requirements"
fi
want=$(sha256sum <"$here/pom.xml" | cut -c1-16)
if [[ $(cat "$cache/opsin/.pom" 2>/dev/null) != "$want" ]]; then
	rm -rf "$cache/opsin"
	mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$cache/opsin" >"$cache/maven.log" 2>&1 ||
		{ cat "$cache/maven.log" >&2; exit 1; }
	echo "$want" >"$cache/opsin/.pom"
fi

exec "$cache/venv/bin/python" "$here/generate.py" \
	--catalog "$root/chemicals/catalog.yaml" --out "$out" --opsin-cp "$cache/opsin/*" \
	--benign "$root/chemicals/testdata/benign.txt" --benign "$root/chemicals/testdata/lookalikes.tsv"
