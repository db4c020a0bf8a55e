#!/usr/bin/env bash
# Many staff sign-ins at once, before anybody is signed in (issue 27): SIGNIN_CONNECTIONS (300)
# wrk connections post unknown e-mails, each request from its own address (X-Forwarded-For, read
# with TRUST_PROXY=true), while a second wrk asks /healthz. Password checks are bounded (a few at
# a time, the rest wait briefly then get 503 + Retry-After), so the server's memory stays low and
# /healthz stays fast. Prints, per run: the server's peak resident memory, /healthz p50/p99, the
# sign-in answers by status, and the unexpected ones (anything but 422 "incorrect", or a 503
# without Retry-After). Then, past the ceiling of wrong birth dates on a demo file, 40 right and
# 40 wrong birth dates in turn: their answers must be identical (status and body), and their times
# are printed side by side (median and 90th percentile). Fails on any unexpected answer.
#   ./scripts/signin-load.sh
# Settings: SIGNIN_SECONDS (10), SIGNIN_RUNS (3), SIGNIN_CONNECTIONS (300), SIGNIN_PORT (3310).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
command -v wrk >/dev/null || apt_install wrk
export PASSERELLE_ENV=development # a local server (production is the default)
BIN="$(target_dir)/release/passerelle-server"
[ -x "$BIN" ] || die "no release build: run ./scripts/test.sh (or cargo leptos build --release) first"
PORT="${SIGNIN_PORT:-3310}"
BASE="http://127.0.0.1:$PORT"
SECONDS_PER_RUN="${SIGNIN_SECONDS:-10}"
RUNS="${SIGNIN_RUNS:-3}"
CONNECTIONS="${SIGNIN_CONNECTIONS:-300}"
DIR="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$DIR"' EXIT

cat >"$DIR/signin.lua" <<'LUA'
-- Each request: an unknown e-mail and an address of its own.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
function init(args)
  n, statuses, wrong = 0, {}, 0
end
function request()
  n = n + 1
  local who = tid * 1000000 + n
  local ip = string.format("10.%d.%d.%d", math.floor(who / 65536) % 256, math.floor(who / 256) % 256, who % 256)
  local body = "email=inconnu" .. who .. "%40example.test&password=pas+le+bon"
  return wrk.format("POST", "/api/agent/connexion", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["X-Forwarded-For"] = ip,
  }, body)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local ok = (status == 422 and string.find(body, "incorrect", 1, true))
    or (status == 503 and (headers["Retry-After"] or headers["retry-after"]) ~= nil)
  if not ok then wrong = wrong + 1 end
end
function done(summary, latency, requests)
  local all, bad = {}, 0
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do all[k] = (all[k] or 0) + v end
    bad = bad + t:get("wrong")
  end
  local parts = {}
  for k, v in pairs(all) do table.insert(parts, k .. "=" .. v) end
  table.sort(parts)
  io.write(string.format("SIGNIN statuses %s unexpected %d\n", table.concat(parts, ","), bad))
end
LUA

DATABASE_URL="sqlite://$DIR/signin.db" LISTEN_ADDR="127.0.0.1:$PORT" TRUST_PROXY=true RUST_LOG=error DEMO_DATA=true \
  LEPTOS_SITE_ROOT="$ROOT/target/site" "$BIN" serve >"$DIR/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -fs "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$BASE/readyz" >/dev/null || die "the server did not start: $(cat "$DIR/server.log")"

failed=0
for run in $(seq 1 "$RUNS"); do
  peak=0
  ( while kill -0 "$server" 2>/dev/null; do
      ps -o rss= -p "$server" 2>/dev/null; sleep 0.1
    done ) >"$DIR/rss-$run" &
  sampler=$!
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 10s -s "$DIR/signin.lua" "$BASE" >"$DIR/signin-$run" 2>&1 &
  load=$!
  sleep 1
  wrk -t1 -c2 -d"$((SECONDS_PER_RUN - 2))s" --latency "$BASE/healthz" >"$DIR/health-$run" 2>&1
  wait "$load"
  kill "$sampler" 2>/dev/null || true
  peak=$(sort -n "$DIR/rss-$run" | tail -1)
  p50=$(awk '/^ +50%/ {print $2}' "$DIR/health-$run")
  p99=$(awk '/^ +99%/ {print $2}' "$DIR/health-$run")
  health_errors=$(awk '/Non-2xx/ {print $NF}' "$DIR/health-$run")
  line=$(grep '^SIGNIN' "$DIR/signin-$run" || echo "SIGNIN (no summary: $(tail -3 "$DIR/signin-$run"))")
  rate=$(awk '/Requests\/sec/ {print $2}' "$DIR/signin-$run")
  printf 'run %s: peak RSS %s MB; /healthz p50 %s p99 %s (non-2xx: %s); sign-ins %s/s, %s\n' \
    "$run" "$((peak / 1024))" "$p50" "$p99" "${health_errors:-0}" "$rate" "${line#SIGNIN }"
  case "$line" in *"unexpected 0"*) ;; *) failed=1 ;; esac
  [ -z "$health_errors" ] || failed=1
done
# Past the ceiling: the same answer, in about the same time, for a right and a wrong birth date.
# Camille Martin, demo file 1234567, born 15/03/1985; each try from its own address.
ask() { # file, birth date, address → "status time_ms sha"
  local out
  out=$(curl -s -o "$DIR/body" -w '%{http_code} %{time_total}' -X POST "$BASE/api/connexion/identifier" \
    -H 'Accept: application/json' -H "X-Forwarded-For: $3" \
    --data-urlencode "numero=$1" --data-urlencode "naissance=$2")
  echo "${out%% *} $(awk -v t="${out##* }" 'BEGIN {printf "%.2f", t * 1000}') $(sha1sum <"$DIR/body" | cut -c1-12)"
}
for i in 1 2 3 4 5 6; do ask 1234567 "0$i/01/1970" "172.16.0.$i" >/dev/null; done
: >"$DIR/right"; : >"$DIR/wrong"
for i in $(seq 1 40); do
  ask 1234567 15/03/1985 "172.16.1.$i" >>"$DIR/right"
  ask 1234567 "$(( i % 28 + 1 ))/02/1971" "172.16.2.$i" >>"$DIR/wrong"
done
answers=$(cut -d' ' -f1,3 "$DIR/right" "$DIR/wrong" | sort -u)
stats() { cut -d' ' -f2 "$1" | sort -n | awk '{a[NR]=$1} END {printf "median %s ms, p90 %s ms", a[int(NR/2)+1], a[int(NR*0.9)]}'; }
echo "past the ceiling of wrong birth dates: right $(stats "$DIR/right"); wrong $(stats "$DIR/wrong")"
if [ "$(echo "$answers" | wc -l)" = 1 ] && [ "${answers%% *}" = 200 ]; then
  echo "  every answer identical (status 200, body ${answers##* })"
else
  echo "  answers differ:"; echo "$answers"; failed=1
fi

grep -q "panicked" "$DIR/server.log" && { echo "the server panicked:"; grep panicked "$DIR/server.log"; failed=1; }
[ "$failed" = 0 ] || die "unexpected answers (see above)"
echo "signin-load: every answer was the expected one"
