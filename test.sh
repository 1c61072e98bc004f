#!/usr/bin/env bash
# The test command. On a fresh machine it first installs what the tests drive for real (Debian's Chromium for the
# dashboard tests, Prometheus and Alertmanager for the metrics check and the alerting end to end, libsecp256k1 for signer recovery,
# Node.js/npm for the front-end libraries), then builds the solution and runs every test project.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
# libsecp256k1 (with its recovery module) makes signer recovery ~8x faster than the managed fallback; its test requires it.
{ [ -e /usr/lib/x86_64-linux-gnu/libsecp256k1.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libsecp256k1.so.1 ]; } || need+=(libsecp256k1-1)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]} — install them (apt-get install ${need[*]}) or run as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
# Front-end libraries for the reports and the dashboard come from npm, pinned by web/package-lock.json.
# The OpenAPI linter (@redocly/cli) and the Forta SDK (forta-agent) the tests run come the same way.
{ [ -f web/node_modules/chart.js/dist/chart.umd.js ] && [ -x web/node_modules/.bin/redocly ] && [ -d web/node_modules/forta-agent ]; } || (cd web && npm ci --no-audit --no-fund --loglevel=error)
# The on-chain guard: solc-js and OpenZeppelin compile the contracts in the build; ganache (the local chain the chain
# tests start) and ethers (the interop test) come from the same lock file, contracts/package-lock.json.
{ [ -d contracts/node_modules/solc ] && [ -d contracts/node_modules/ganache ] && [ -d contracts/node_modules/ethers ]; } || (cd contracts && npm ci --no-audit --no-fund --loglevel=error)

dotnet test Breakwater.sln -c Release --nologo "$@"
