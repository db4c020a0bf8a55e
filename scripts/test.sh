#!/usr/bin/env bash
# Runs every test: formatting and lints, the rules core (unit, property, reference cases), the app
# and server against SQLite and PostgreSQL, then browser tests in headless Chromium on the release build,
# and two release servers behind nginx on one PostgreSQL (scripts/two-servers.sh).
# Installs what the tests need when missing (Debian's chromium, npm packages, build tools) and starts
# PostgreSQL when it is installed but stopped.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
started=$(date +%s)
# The servers started below are local test servers (demo data, development mailbox): the server
# refuses both in production, its default.
export PASSERELLE_ENV=development

setup_build_tools
npm_install_in "$ROOT/end2end"
[ -x /usr/bin/chromium ] || apt_install chromium
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

# PostgreSQL: the integration tests create and drop their own databases on it.
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_ready() { pg_isready -q -d "$TEST_POSTGRES_URL" 2>/dev/null; }
if ! pg_ready; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
    log "Starting PostgreSQL"
    for v in /etc/postgresql/*; do
      as_root pg_ctlcluster --skip-systemctl-redirect "$(basename "$v")" main start || true
    done
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  fi
  pg_ready || die "PostgreSQL is not reachable at $TEST_POSTGRES_URL. Install it (apt-get install postgresql) \
and start it, or set TEST_POSTGRES_URL to a server where this user may create databases."
fi

log "Formatting (cargo fmt --check)"
cargo fmt --all -- --check

log "Lints (cargo clippy -D warnings), server and browser builds"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p app -p front --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings

log "Rust tests: core, app, server (SQLite and PostgreSQL)"
cargo test --workspace

# No test may depend on the day it runs: the same tests again with the clock 400 and 800 days
# ahead (Debian's faketime, for this process tree only). PostgreSQL keeps the real clock, so its
# variants are left out here (they ran above); doc-tests too. rustc and rustdoc stall under
# faketime, so every test binary is built first, on the real clock.
command -v faketime >/dev/null || apt_install faketime
cargo test --workspace --lib --bins --tests --no-run
for days in 400 800; do
  log "Rust tests with the clock moved $days days ahead ($(date -u -d "+$days days" +%F)), SQLite"
  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "+${days}d" \
    cargo test --no-fail-fast --workspace --lib --bins --tests -- --skip postgres
done

build_release
SERVER_BIN="$(target_dir)/release/passerelle-server"

log "API contract tests (schemathesis against /api/v1/openapi.json)"
setup_schemathesis
contract_dir="$(mktemp -d)"
DATABASE_URL="sqlite://$contract_dir/contract.db" DEMO_DATA=true LISTEN_ADDR=127.0.0.1:3200 \
  LEPTOS_SITE_ROOT="$ROOT/target/site" API_SIMULATIONS_PER_MINUTE=1000000 RUST_LOG=warn \
  "$SERVER_BIN" serve >"$contract_dir/server.log" 2>&1 &
contract_pid=$!
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:3200/readyz >/dev/null 2>&1 && break; sleep 0.5; done
log "Page weights as served (brotli): the simulator within 250 KB, no wasm where there is no island"
sizes_status=0
"$ROOT/scripts/sizes.sh" http://127.0.0.1:3200 || sizes_status=$?
log "Lighthouse, mobile: /, /simulateur, /connexion and a signed-in /mon-parcours, each category ≥ 95"
lighthouse_status=0
"$ROOT/scripts/lighthouse.sh" http://127.0.0.1:3200 || lighthouse_status=$?
# Every response must match the document, and no request may cause a server error. Not checked:
# "schema-valid data must be accepted" — business rules (e.g. a previous salary after the job's
# start) reject some schema-valid inputs with a documented 422.
set +e
"$ROOT/tools/.venv/bin/schemathesis" run http://127.0.0.1:3200/api/v1/openapi.json \
  --checks all --exclude-checks positive_data_acceptance --max-examples 50 --seed 20261127 \
  --header "Authorization: Bearer psl_demo2026_CleDeDemonstrationPartenaire2026"
contract_status=$?
set -e
kill "$contract_pid" 2>/dev/null || true
rm -rf "$contract_dir"
[ "$contract_status" = 0 ] || die "API contract tests failed"
[ "$sizes_status" = 0 ] || die "page weights over their limits (see above)"
[ "$lighthouse_status" = 0 ] || die "Lighthouse scores under 95 (see above)"

log "Browser tests (Playwright, headless Chromium)"
export PASSERELLE_SERVER="$SERVER_BIN"
export LEPTOS_SITE_ROOT="$ROOT/target/site"
(cd end2end && npx playwright test)

log "Two servers on one PostgreSQL behind nginx: shared sessions and limits, reminders sent once"
"$ROOT/scripts/two-servers.sh"

log "All tests passed in $(( $(date +%s) - started )) s"
