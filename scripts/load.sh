#!/usr/bin/env bash
# Load test on the 14 000-beneficiary demo dataset, release build, wrk on the same machine:
#   - a static file (the yardstick of the same run),
#   - "Mon parcours" with a signed-in beneficiary's session,
#   - the staff search (q=martin) as an administrator,
#   - the staff search without a session (must answer 401: nobody borrows someone's identity),
# on SQLite and, when it is reachable, on PostgreSQL. Per endpoint: req/s, p50, p99, and the
# count of unexpected answers (status, or a body that is not the requester's). The script fails
# when any answer was unexpected or when the server logged a panic.
#   ./scripts/load.sh                       both engines
#   LOAD_ENGINES=sqlite ./scripts/load.sh   one engine
# Settings: LOAD_SECONDS (10), LOAD_CONNECTIONS (32), LOAD_PORT (3300), LOAD_POSTGRES_URL.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
command -v wrk >/dev/null || apt_install wrk
BIN="$(target_dir)/release/passerelle-server"
[ -x "$BIN" ] || die "no release build: run ./scripts/test.sh (or cargo leptos build --release) first"
PORT="${LOAD_PORT:-3300}"
BASE="http://127.0.0.1:$PORT"
SECONDS_PER_RUN="${LOAD_SECONDS:-10}"
CONNECTIONS="${LOAD_CONNECTIONS:-32}"
DIR="${LOAD_DIR:-/tmp/passerelle-load}"
PG_ADMIN="${LOAD_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
mkdir -p "$DIR"

# Counts answers per status and the bodies that lack the expected text (wrk's own summary only
# counts non-2xx/3xx, and a 200 with someone else's data would pass it).
cat >"$DIR/check.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  statuses, wrong = {}, 0
  want_status, want_text = tonumber(args[1]), args[2]
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= want_status or (want_text ~= nil and want_text ~= "" and not string.find(body, want_text, 1, true)) then
    wrong = wrong + 1
  end
end
function done(summary, latency, requests)
  local all, bad = {}, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do all[k] = (all[k] or 0) + v end
    bad = bad + t:get("wrong")
  end
  local parts = {}
  for k, v in pairs(all) do table.insert(parts, k .. ":" .. v) end
  table.sort(parts)
  io.write(string.format("CHECK unexpected=%d statuses=%s p50=%.2f p99=%.2f\n", bad,
    table.concat(parts, ","), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

failed=0
run() { # name, expected status, expected text, extra lua (or ""), wrk arguments...
  local name="$1" want="$2" text="$3" extra="$4"; shift 4
  local script="$DIR/$name.lua"
  { [ -n "$extra" ] && printf '%s\n' "$extra"; cat "$DIR/check.lua"; } >"$script"
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$script" "$@" -- "$want" "$text")
  local rps; rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  local check; check=$(echo "$out" | grep '^CHECK')
  local bad; bad=$(echo "$check" | sed -E 's/.*unexpected=([0-9]+).*/\1/')
  local p50; p50=$(echo "$check" | sed -E 's/.*p50=([0-9.]+).*/\1/')
  local p99; p99=$(echo "$check" | sed -E 's/.*p99=([0-9.]+).*/\1/')
  local statuses; statuses=$(echo "$check" | sed -E 's/.*statuses=([^ ]*).*/\1/')
  printf '%-10s %-24s %10s req/s  p50 %7s ms  p99 %7s ms  unexpected %s  (%s)\n' \
    "$engine" "$name" "$rps" "$p50" "$p99" "$bad" "$statuses"
  echo "$rps" >"$DIR/$engine-$name.rps"
  [ "$bad" = 0 ] || failed=1
}

sign_in() { # sets the beneficiary's and the admin's session cookies
  local jar_b="$DIR/$engine-beneficiary.jar" jar_a="$DIR/$engine-admin.jar"
  # Sessions of an earlier run are reused while they work: a person may only get five sign-in
  # codes an hour, and the load database is kept between runs.
  if [ -f "$jar_b" ] && [ -f "$jar_a" ]; then
    cookie_b=$(awk '$6=="passerelle"{print "passerelle="$7}' "$jar_b")
    cookie_a=$(awk '$6=="passerelle"{print "passerelle="$7}' "$jar_a")
    if curl -fs -H "Cookie: $cookie_b" "$BASE/mon-parcours" | grep -q 'Bonjour Camille Martin' \
      && curl -fs -o /dev/null -H "Cookie: $cookie_a" -H 'Accept: application/json' --data q=martin "$BASE/api/agent/recherche"; then
      return
    fi
  fi
  rm -f "$jar_b" "$jar_a"
  curl -fs -c "$jar_a" -b "$jar_a" -H 'Accept: application/json' --data 'email=admin@demo.passerelle.fr&password=demo-admin-2026' "$BASE/api/agent/connexion" >/dev/null
  codes() { curl -fs -b "$jar_a" -H 'Accept: application/json' -X POST "$BASE/api/admin/messages" | grep -o 'connexion est [0-9]\{6\}' | grep -o '[0-9]\{6\}' | sort || true; }
  local before; before=$(codes)
  curl -fs -c "$jar_b" -b "$jar_b" -H 'Accept: application/json' --data 'numero=1234567&naissance=1985-03-15' "$BASE/api/connexion/identifier" >/dev/null \
    || die "the demo beneficiary could not ask for a sign-in code (five an hour at most): wait, or remove $DIR"
  # The new code: the one that was not in the mailbox before.
  local code=""
  for _ in $(seq 1 20); do
    code=$(comm -13 <(echo "$before") <(codes) | head -1)
    [ -n "$code" ] && break; sleep 0.5
  done
  [ -n "$code" ] || die "no sign-in code found"
  curl -fs -c "$jar_b" -b "$jar_b" -H 'Accept: application/json' --data "code=$code" "$BASE/api/connexion/code" >/dev/null
  cookie_b=$(awk '$6=="passerelle"{print "passerelle="$7}' "$jar_b")
  cookie_a=$(awk '$6=="passerelle"{print "passerelle="$7}' "$jar_a")
  curl -fs -H "Cookie: $cookie_b" "$BASE/mon-parcours" | grep -q 'Bonjour Camille Martin' || die "the session does not open Mon parcours"
}

one_engine() { # engine name, database URL
  engine="$1"; export DATABASE_URL="$2"
  local mark; mark="$DIR/.seeded-$(echo "$DATABASE_URL" | md5sum | cut -c1-8)"
  case "$DATABASE_URL" in sqlite://*) [ -f "${DATABASE_URL#sqlite://}" ] || rm -f "$mark" ;; esac
  if [ ! -f "$mark" ]; then
    log "Generating 14 000 beneficiaries ($engine)"
    "$BIN" seed-demo --beneficiaries 14000 >/dev/null
    touch "$mark"
  fi
  curl -fs "$BASE/readyz" >/dev/null 2>&1 && die "something already answers on port $PORT: stop it, or set LOAD_PORT"
  LISTEN_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn "$BIN" serve >"$DIR/server-$engine.log" 2>&1 &
  local pid=$!
  trap 'kill '"$pid"' 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do curl -fs "$BASE/readyz" >/dev/null && break; sleep 0.5; done
  sign_in
  local post_search='wrk.method = "POST"
wrk.body = "q=martin"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"'
  run static-file 200 "" "" "$BASE/pkg/passerelle.css"
  run mon-parcours 200 "Bonjour Camille Martin" "" -H "Cookie: $cookie_b" "$BASE/mon-parcours"
  run search-martin 200 '"rows":[{' "$post_search
wrk.headers[\"Cookie\"] = \"$cookie_a\"" "$BASE/api/agent/recherche"
  run search-anonymous 401 '"unauthenticated"' "$post_search" "$BASE/api/agent/recherche"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  local panics; panics=$(grep -c 'panic' "$DIR/server-$engine.log" || true)
  awk -v a="$(cat "$DIR/$engine-mon-parcours.rps")" -v b="$(cat "$DIR/$engine-static-file.rps")" -v e="$engine" \
    'BEGIN { printf "%-10s Mon parcours / static file throughput ratio: %.2f\n", e, a / b }'
  echo "$engine: panics in the server log: $panics"
  [ "$panics" = 0 ] || failed=1
}

log "wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, release build, $(nproc) cores (wrk on the same machine)"
engines="${LOAD_ENGINES:-sqlite postgres}"
for e in $engines; do
  case "$e" in
    sqlite) one_engine sqlite "sqlite://$DIR/load.db" ;;
    postgres)
      if pg_isready -q -d "$PG_ADMIN" 2>/dev/null; then
        if ! psql -q "$PG_ADMIN" -tc "SELECT 1 FROM pg_database WHERE datname = 'passerelle_load'" | grep -q 1; then
          psql -q "$PG_ADMIN" -c "CREATE DATABASE passerelle_load" >/dev/null
          rm -f "$DIR/.seeded-$(echo "${PG_ADMIN%/*}/passerelle_load" | md5sum | cut -c1-8)"
        fi
        one_engine postgres "${PG_ADMIN%/*}/passerelle_load"
      else
        echo "postgres: not reachable at $PG_ADMIN, skipped"
      fi ;;
  esac
done
[ "$failed" = 0 ] || die "unexpected answers or panics: see above"
log "Every answer was the expected one"
