#!/usr/bin/env bash
# Runs every test suite (C# and JS) and ends with one line: "N passed, N failed".
# Needs only the .NET SDK and Node.js; installs the web workspace's npm packages (Azurite among them) if missing.
set -uo pipefail
cd "$(dirname "$0")/.."

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
status=0

# Also reinstall when the lockfile changed since the last install (new devDependencies such as esbuild).
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  echo "== installing web packages (npm ci)"
  (cd web && npm ci --no-audit --no-fund) || exit 1
fi

# Browser tests drive Debian's Chromium, and the attack suite also Firefox ESR and WebKitGTK (under Xvfb); install
# what is missing when we can (root), or say how.
missing=()
[ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null || missing+=(chromium)
command -v firefox-esr >/dev/null || missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null || missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null || missing+=(xvfb)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "== installing Debian packages for the browser tests: ${missing[*]}"
    (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}") || exit 1
  else
    echo "Browser tests need: sudo apt-get install ${missing[*]} (or set CHROMIUM_PATH for Chromium)." >&2
    exit 1
  fi
fi

echo "== C#: dotnet test CoBrowse.Functions.sln"
dotnet test CoBrowse.Functions.sln --nologo 2>&1 | tee "$log_dir/dotnet.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== JS: build the web bundles (web/dist)"
(cd web && npm run build) || status=1

echo "== JS: node --test (web/)"
(cd web && node --test --test-reporter=tap test/*.test.mjs) 2>&1 | tee "$log_dir/node.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== Bicep: build, lint and template checks (infra/)"
bash scripts/bicep-check.sh 2>&1 | tee "$log_dir/bicep.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# Sum the per-assembly summaries of dotnet test ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...")
# and the TAP totals ("# pass 3", "# fail 0") of node and of the Bicep checks.
read -r dotnet_passed dotnet_failed < <(grep -aE '(Passed|Failed)!\s+-\s+Failed:' "$log_dir/dotnet.log" \
  | sed -E 's/.*Failed:\s+([0-9]+), Passed:\s+([0-9]+).*/\2 \1/' \
  | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
node_passed=$(grep -aE '^# pass [0-9]+' "$log_dir/node.log" | awk '{s+=$3} END {print s+0}')
node_failed=$(grep -aE '^# fail [0-9]+' "$log_dir/node.log" | awk '{s+=$3} END {print s+0}')

bicep_passed=$(grep -aE '^# pass [0-9]+' "$log_dir/bicep.log" | awk '{s+=$3} END {print s+0}')
bicep_failed=$(grep -aE '^# fail [0-9]+' "$log_dir/bicep.log" | awk '{s+=$3} END {print s+0}')

passed=$((dotnet_passed + node_passed + bicep_passed))
failed=$((dotnet_failed + node_failed + bicep_failed))
if [ "$passed" -eq 0 ]; then
  echo "no tests ran"
  status=1
fi
if [ "$failed" -ne 0 ]; then
  status=1
fi

echo "C#: $dotnet_passed passed, $dotnet_failed failed; JS: $node_passed passed, $node_failed failed; Bicep: $bicep_passed passed, $bicep_failed failed"
echo "$passed passed, $failed failed"
exit $status
