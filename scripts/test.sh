#!/usr/bin/env bash
# The README's test command (`npm test`): installs what the tests need when it is missing, then runs
# type-checks, unit/property tests (vitest), the production build and the browser tests (Playwright on
# Debian's chromium). Works on a fresh machine as root; CI calls it through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
# the kernel as the oracle (npm run cli -- verify): BIRD 2, ip, traceroute, ping
command -v bird >/dev/null 2>&1 || need+=(bird2)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v traceroute >/dev/null 2>&1 || need+=(traceroute)
command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
# kube-proxy's rules in the node namespaces (iptables-restore) and the Service connections verify makes (nc)
command -v iptables-restore >/dev/null 2>&1 || need+=(iptables)
command -v nc >/dev/null 2>&1 || need+=(netcat-openbsd)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; }; then need+=(fonts-noto-cjk); fi
# the canonical screenshots (e2e/screenshots.spec.ts) pin DejaVu Sans / Sans Mono
if ! { command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q 'DejaVuSansMono.ttf'; }; then need+=(fonts-dejavu-core); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test.sh: missing ${need[*]}; run as root (or install them) so the browser and capture tests can run" >&2
  fi
fi

[ -d node_modules ] || npm ci --loglevel=warn

npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p tsconfig.core.json
npx vitest run
# Every preset and guided lab start state, 8 seeded generated scenarios (src/emulate/generate.ts, about 2½ min
# more) and 4 generated ones with BGP-speaking routers (seeds 18 reflector + eBGP ToR, 28 iBGP ToR, 54 an AS per
# rack, keepOriginalNextHop and a VXLAN pool, 59 mesh + eBGP routers; about 1½ min), against the real
# kernel where namespaces are available (root); presets needing a module this kernel lacks (ipip) report
# "skipped". A disagreement fails the run.
if [ "$(id -u)" = 0 ] && ip netns list >/dev/null 2>&1; then npx tsx scripts/verify-presets.ts --labs --generated 8 --seed 1 --seeds 18,28,54,59; fi
npx vite build
npx tsx scripts/first-load-budget.ts
npx playwright test
