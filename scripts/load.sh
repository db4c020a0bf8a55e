#!/usr/bin/env bash
# Load test of "Mon parcours" with a signed-in session, next to a static file of the same server in
# the same run, and of the staff search, on the 14 000-beneficiary demo dataset.
#   ./scripts/load.sh            (needs the release build: ./scripts/run.sh or ./scripts/test.sh)
# Uses wrk (Debian package, installed when missing), 2 threads, 32 connections, 10 s per endpoint.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
command -v wrk >/dev/null || apt_install wrk
BIN="$(target_dir)/release/passerelle-server"
[ -x "$BIN" ] || die "no release build: run ./scripts/test.sh (or cargo leptos build --release) first"
PORT="${LOAD_PORT:-3300}"
BASE="http://127.0.0.1:$PORT"
DIR="${LOAD_DIR:-/tmp/passerelle-load}"
mkdir -p "$DIR"
export DATABASE_URL="${LOAD_DATABASE_URL:-sqlite://$DIR/load.db}"
if [ ! -f "$DIR/.seeded-$(echo "$DATABASE_URL" | md5sum | cut -c1-8)" ]; then
  log "Generating 14 000 beneficiaries ($DATABASE_URL)"
  "$BIN" seed-demo --beneficiaries 14000
  touch "$DIR/.seeded-$(echo "$DATABASE_URL" | md5sum | cut -c1-8)"
fi
LISTEN_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn "$BIN" serve >"$DIR/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/readyz" >/dev/null && break; sleep 0.5; done

# Sign in: the beneficiary asks for a code, an admin reads it in the development mailbox.
jar_b="$DIR/beneficiary.jar"; jar_a="$DIR/admin.jar"; rm -f "$jar_b" "$jar_a"
curl -fs -c "$jar_b" -b "$jar_b" -H 'Accept: application/json' --data 'numero=1234567&naissance=1985-03-15' "$BASE/api/connexion/identifier" >/dev/null
curl -fs -c "$jar_a" -b "$jar_a" -H 'Accept: application/json' --data 'email=admin@demo.passerelle.fr&password=demo-admin-2026' "$BASE/api/agent/connexion" >/dev/null
code=""
for _ in $(seq 1 20); do
  code=$(curl -fs -b "$jar_a" -H 'Accept: application/json' -X POST "$BASE/api/admin/messages" | grep -o 'connexion est [0-9]\{6\}' | head -1 | grep -o '[0-9]\{6\}' || true)
  [ -n "$code" ] && break; sleep 0.5
done
[ -n "$code" ] || die "no sign-in code found"
curl -fs -c "$jar_b" -b "$jar_b" -H 'Accept: application/json' --data "code=$code" "$BASE/api/connexion/code" >/dev/null
cookie_b=$(awk '$6=="passerelle"{print "passerelle="$7}' "$jar_b")
cookie_a=$(awk '$6=="passerelle"{print "passerelle="$7}' "$jar_a")
curl -fs -H "Cookie: $cookie_b" "$BASE/mon-parcours" | grep -q 'Votre rendez-vous' || die "the session does not open Mon parcours"

run() { # name, then wrk arguments
  local name="$1"; shift
  local out; out=$(wrk -t2 -c32 -d10s --latency "$@")
  local rps; rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  local p99; p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  printf '%-38s %12s req/s   p99 %8s\n' "$name" "$rps" "$p99"
  echo "$rps" > "$DIR/$name.rps"
}
log "wrk -t2 -c32 -d10s, release build, $(nproc) cores (wrk on the same machine)"
run static-file "$BASE/pkg/passerelle.css"
run mon-parcours -H "Cookie: $cookie_b" "$BASE/mon-parcours"
cat >"$DIR/search.lua" <<LUA
wrk.method = "POST"
wrk.body = "q=martin"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Cookie"] = "$cookie_a"
LUA
run search-martin-14000 -s "$DIR/search.lua" "$BASE/api/agent/recherche"
awk -v a="$(cat "$DIR/mon-parcours.rps")" -v b="$(cat "$DIR/static-file.rps")" \
  'BEGIN { printf "Mon parcours / static file throughput ratio: %.2f\n", a / b }'
