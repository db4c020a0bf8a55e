#!/usr/bin/env bash
# Load test on the 14 000-beneficiary demo dataset (dated from today: made again on another day),
# release build, wrk on the same machine:
#   - a static file (the yardstick of the same run),
#   - "Mon parcours" for four signed-in beneficiaries at once (one wrk thread each: every answer
#     must greet that thread's person, never another),
#   - the staff search as an administrator, over several names in turn,
#   - the staff search without a session (must answer 401: nobody borrows someone's identity),
# on SQLite and PostgreSQL, each after a short warm-up, LOAD_RUNS times. Per endpoint and run:
# req/s, p50, p99, and the count of unexpected answers (status, or a body that is not the
# requester's); then the range over the runs. The script fails when any answer was unexpected,
# when the server logged a panic, or when an engine asked for could not be measured.
#   ./scripts/load.sh                       both engines
#   LOAD_ENGINES=sqlite ./scripts/load.sh   one engine (said in the last line)
# Settings: LOAD_SECONDS (10), LOAD_RUNS (3), LOAD_CONNECTIONS (32), LOAD_PORT (3300),
# LOAD_POSTGRES_URL.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
command -v wrk >/dev/null || apt_install wrk
export PASSERELLE_ENV=development # local servers with demo data (production is the default)
BIN="$(target_dir)/release/passerelle-server"
[ -x "$BIN" ] || die "no release build: run ./scripts/test.sh (or cargo leptos build --release) first"
PORT="${LOAD_PORT:-3300}"
BASE="http://127.0.0.1:$PORT"
SECONDS_PER_RUN="${LOAD_SECONDS:-10}"
RUNS="${LOAD_RUNS:-3}"
CONNECTIONS="${LOAD_CONNECTIONS:-32}"
DIR="${LOAD_DIR:-/tmp/passerelle-load}"
PG_ADMIN="${LOAD_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
mkdir -p "$DIR"

# Counts answers per status and the bodies that lack the expected text (wrk's own summary only
# counts non-2xx/3xx, and a 200 with someone else's data would pass it).
cat >"$DIR/check.lua" <<'LUA'
local threads = {}
-- Several identities: "cookie|text;cookie|text;…" in IDENTITIES, one per thread (the thread's
-- requests carry its cookie and every answer must show its text).
local identities = {}
for pair in string.gmatch(os.getenv("IDENTITIES") or "", "[^;]+") do
  local c, t = string.match(pair, "^(.-)|(.*)$")
  table.insert(identities, { cookie = c, text = t })
end
function setup(thread)
  table.insert(threads, thread)
  local id = identities[#threads]
  if id then thread:set("id_cookie", id.cookie); thread:set("id_text", id.text) end
end
function init(args)
  statuses, wrong = {}, 0
  want_status, want_text = tonumber(args[1]), args[2]
  if id_text then want_text = id_text end
  if id_cookie then wrk.headers["Cookie"] = id_cookie end
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
THREADS=2
run() { # name, expected status, expected text, extra lua (or ""), wrk arguments...
  local name="$1" want="$2" text="$3" extra="$4"; shift 4
  local script="$DIR/$name.lua"
  { [ -n "$extra" ] && printf '%s\n' "$extra"; cat "$DIR/check.lua"; } >"$script"
  # Warm-up (caches, pools, prepared statements), not counted.
  IDENTITIES="${RUN_IDENTITIES:-}" wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$script" "$@" -- "$want" "$text" >/dev/null
  local out; out=$(IDENTITIES="${RUN_IDENTITIES:-}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$script" "$@" -- "$want" "$text")
  local rps; rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  local check; check=$(echo "$out" | grep '^CHECK')
  local bad; bad=$(echo "$check" | sed -E 's/.*unexpected=([0-9]+).*/\1/')
  local p50; p50=$(echo "$check" | sed -E 's/.*p50=([0-9.]+).*/\1/')
  local p99; p99=$(echo "$check" | sed -E 's/.*p99=([0-9.]+).*/\1/')
  local statuses; statuses=$(echo "$check" | sed -E 's/.*statuses=([^ ]*).*/\1/')
  printf '%-10s %-24s %10s req/s  p50 %7s ms  p99 %7s ms  unexpected %s  (%s)\n' \
    "$engine" "$name" "$rps" "$p50" "$p99" "$bad" "$statuses"
  echo "$rps" >"$DIR/$engine-$name.rps"
  echo "$rps $p99" >>"$DIR/$engine-$name.runs"
  # wrk's own error count (sockets, timeouts) is unexpected too.
  if echo "$out" | grep -q 'Socket errors'; then
    echo "$out" | grep 'Socket errors'; failed=1
  fi
  [ "$bad" = 0 ] || failed=1
}

# The people whose "Mon parcours" is asked at once (demo data), and what their page says.
PEOPLE=("1234567 1985-03-15 Camille Martin" "1122334 1979-11-23 Nadia Benali" \
        "5556667 2001-01-20 Hugo Petit" "6677889 1983-06-02 Samira Haddad")
sign_in() { # sets IDENTITIES (four beneficiaries' sessions) and the admin's session cookie
  cookie_a=$(demo_staff_cookie "$BASE" admin@demo.passerelle.fr demo-admin-2026) || die "the demo administrator could not sign in"
  IDENTITIES=""
  for p in "${PEOPLE[@]}"; do
    read -r file birth first last <<<"$p"
    local c; c=$(demo_beneficiary_cookie "$BASE" "$cookie_a" "$file" "$birth") \
      || die "$first $last could not sign in (five codes an hour at most per person): wait, or remove $DIR"
    curl -fs -H "Cookie: $c" "$BASE/mon-parcours" | grep -q "Bonjour $first $last" || die "the session does not open $first's Mon parcours"
    IDENTITIES="$IDENTITIES${IDENTITIES:+;}$c|Bonjour $first $last"
  done
}

one_engine() { # engine name, database URL
  engine="$1"; export DATABASE_URL="$2"
  # The data is dated from the day it is made: made again on another day.
  local mark; mark="$DIR/.seeded-$(date -u +%F)-$(echo "$DATABASE_URL" | md5sum | cut -c1-8)"
  case "$DATABASE_URL" in sqlite://*) [ -f "${DATABASE_URL#sqlite://}" ] || rm -f "$mark" ;; esac
  if [ ! -f "$mark" ]; then
    log "Generating 14 000 beneficiaries dated from today ($engine)"
    case "$DATABASE_URL" in
      sqlite://*) rm -f "${DATABASE_URL#sqlite://}"* ;;
      *) psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS passerelle_load WITH (FORCE)" -c "CREATE DATABASE passerelle_load" >/dev/null ;;
    esac
    "$BIN" seed-demo --beneficiaries 14000 >/dev/null
    touch "$mark"
  fi
  curl -fs "$BASE/readyz" >/dev/null 2>&1 && die "something already answers on port $PORT: stop it, or set LOAD_PORT"
  LISTEN_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn "$BIN" serve >"$DIR/server-$engine.log" 2>&1 &
  local pid=$!
  trap 'kill '"$pid"' 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do curl -fs "$BASE/readyz" >/dev/null && break; sleep 0.5; done
  sign_in
  # Several names in turn, each with people in the demo (every answer must list some).
  local post_search='local terms = { "martin", "dubois", "petit", "leroy", "moreau", "haddad" }
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, "q=" .. terms[n % #terms + 1])
end'
  rm -f "$DIR/$engine-"*.runs
  for r in $(seq 1 "$RUNS"); do
    echo "-- $engine, run $r of $RUNS"
    # The stylesheet as the pages name it (hashed in a release build).
    css_path=$(curl -fsS "$BASE/" | grep -oE 'href="/pkg/[^"]*\.css"' | head -1 | cut -d'"' -f2)
    THREADS=2 run static-file 200 "" "" "$BASE${css_path:-/pkg/passerelle.css}"
    RUN_IDENTITIES="$IDENTITIES" THREADS=${#PEOPLE[@]} run mon-parcours 200 "(per thread)" "" "$BASE/mon-parcours"
    THREADS=2 run search-names 200 '"rows":[{' "$post_search
wrk.headers[\"Cookie\"] = \"$cookie_a\"" "$BASE/api/agent/recherche"
    THREADS=2 run search-anonymous 401 '"unauthenticated"' "$post_search" "$BASE/api/agent/recherche"
    awk -v a="$(cat "$DIR/$engine-mon-parcours.rps")" -v b="$(cat "$DIR/$engine-static-file.rps")" -v e="$engine" \
      'BEGIN { printf "%-10s Mon parcours / static file throughput ratio: %.2f\n", e, a / b }'
  done
  for name in static-file mon-parcours search-names search-anonymous; do
    sort -n "$DIR/$engine-$name.runs" | awk -v e="$engine" -v n="$name" \
      'NR==1{lo=$1} {hi=$1; p=p sep $2; sep="/"} END {printf "%-10s %-24s %s runs: %s–%s req/s, p99 %s ms\n", e, n, NR, lo, hi, p}'
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  local panics; panics=$(grep -c 'panic' "$DIR/server-$engine.log" || true)
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
        echo "postgres: not reachable at $PG_ADMIN: NOT MEASURED" >&2
        failed=1
      fi ;;
    *) die "unknown engine $e (sqlite, postgres)" ;;
  esac
done
[ "$failed" = 0 ] || die "unexpected answers, panics or an engine not measured: see above"
log "Every answer was the expected one ($engines, $RUNS runs each)"
