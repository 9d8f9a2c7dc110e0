#!/usr/bin/env bash
# catalog-data-check.sh — regenerate the catalog's generated names with the
# pinned tools (chemicals/catalogdata/run.sh) and fail when the result
# differs from the committed chemicals/names.generated.yaml, or when the
# catalog and the fresh file do not load together (catalog lint).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
OUT=$tmp/names.generated.yaml bash "$root/chemicals/catalogdata/run.sh"
if ! diff -u "$root/chemicals/names.generated.yaml" "$tmp/names.generated.yaml" >"$tmp/diff"; then
	head -100 "$tmp/diff"
	echo "catalog-data: chemicals/names.generated.yaml is stale: run make catalog-data and commit it" >&2
	exit 1
fi
(cd "$root" && ${GO:-go} run ./cmd/precursor catalog lint)
echo "catalog-data: generated names are current"
