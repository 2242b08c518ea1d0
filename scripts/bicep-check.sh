#!/usr/bin/env bash
# Bicep checks for CI (no Docker, no az): fetches the Bicep CLI from NuGet (infra/tools/bicep-cli.csproj, cached in
# the git-ignored .local/bicep), then builds and lints infra/ with every diagnostic treated as a failure (warnings
# included; infra/bicepconfig.json also raises the linter rules to errors), checks the formatting, and runs the
# assertions on the compiled ARM template (infra/tests/*.test.mjs).
# Prints TAP: "ok N - ..." / "not ok N - ..." per step, "# pass N" / "# fail N" totals (and node's own for the
# template tests), which scripts/test.sh adds to its sum. Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' infra/tools/bicep-cli.csproj)
cache=.local/bicep
bicep="$cache/azure.bicep.commandline.linux-x64/$version/tools/bicep"
out="$PWD/$cache/out"
# bicepparam files read their secrets from the environment; these stand-ins only let them compile here.
export COBROWSE_TOKEN_SIGNING_KEY=ci-placeholder-not-a-key

step=0
passed=0
failed=0

# run_step NAME COMMAND...: passes when the command exits 0 and prints no Bicep diagnostic.
run_step() {
  local name=$1
  shift
  local output
  output=$("$@" 2>&1)
  local rc=$?
  step=$((step + 1))
  if [ $rc -eq 0 ] && ! grep -qE '\) : (Error|Warning|Info) ' <<<"$output"; then
    passed=$((passed + 1))
    echo "ok $step - $name"
  else
    failed=$((failed + 1))
    echo "not ok $step - $name"
    sed 's/^/# /' <<<"$output"
  fi
}

fetch_cli() {
  if [ ! -x "$bicep" ]; then
    dotnet restore infra/tools/bicep-cli.csproj --packages "$cache" --nologo --verbosity quiet || return 1
    chmod +x "$bicep"
  fi
  "$bicep" --version
}

# Formats a copy of infra/ and compares it with the original (bicep format has no check mode).
check_format() {
  local copy
  copy=$(mktemp -d)
  cp -r infra/. "$copy"
  "$bicep" format --pattern "$copy/**/*.bicep" >/dev/null || return 1
  diff -ru --exclude=obj infra "$copy"
  local rc=$?
  rm -rf "$copy"
  return $rc
}

echo "TAP version 13"
run_step "fetch the Bicep CLI $version from NuGet" fetch_cli
if [ ! -x "$bicep" ]; then
  echo "1..$step"
  echo "# pass $passed"
  echo "# fail $failed"
  exit 1
fi

rm -rf "$out" && mkdir -p "$out"
run_step "bicep build infra/main.bicep" "$bicep" build infra/main.bicep --outfile "$out/main.json"
run_step "bicep lint infra/**/*.bicep (main and modules)" "$bicep" lint --pattern 'infra/**/*.bicep'
run_step "bicep build-params infra/env/*.bicepparam" "$bicep" build-params --pattern 'infra/env/*.bicepparam' --outdir "$out"
run_step "bicep lint infra/env/*.bicepparam" "$bicep" lint --pattern 'infra/env/*.bicepparam'
run_step "bicep format leaves infra/**/*.bicep unchanged" check_format
echo "1..$step"
echo "# pass $passed"
echo "# fail $failed"

# Assertions on the compiled template and parameter files (node's TAP adds its own "# pass" / "# fail").
BICEP_OUT="$out" node --test --test-reporter=tap infra/tests/*.test.mjs
node_rc=$?

[ "$failed" -eq 0 ] && [ $node_rc -eq 0 ]
