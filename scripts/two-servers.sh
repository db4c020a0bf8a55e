#!/usr/bin/env bash
# Two release servers on one PostgreSQL database behind nginx (round robin), as in production
# with several servers. Checks, through the proxy and each server directly:
#   1. a session opened through one server works through the other (sign-in steps land on
#      different servers; "Mon parcours" is then asked of each server directly);
#   2. rate limits are shared: a second sign-in code within the minute is refused by the other
#      server, and the 21st failed staff sign-in from one address in 15 minutes too;
#   3. 1,000 reminders made due during quiet hours stay unsent (each postponed to the end of them);
#      once the quiet hours are over they are each delivered exactly once across both servers, and
#      a `kill -9` of one server in the middle of the sends — while it holds leased messages or
#      jobs (checked at its death by their `leased_by`) — loses none and doubles none: the other
#      server takes what it held, and the only repeated requests the provider sees are those the
#      dead server held, each dropped by its Idempotency-Key.
# SMS go to a stand-in provider (scripts/fake-sms-provider.py) that, like real ones, drops a
# repeated Idempotency-Key; it counts the raw requests too. Prints one summary line last; exits
# non-zero on any failure.
#   ./scripts/two-servers.sh
# Settings: TWO_KEEP=1 keeps the database afterwards; TWO_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/postgres), TWO_PORT (3400: the
# proxy; the servers take the next two ports, the SMS provider the one after).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
command -v nginx >/dev/null || apt_install nginx-light
export PASSERELLE_ENV=development # local servers with demo data (production is the default)
BIN="$(target_dir)/release/passerelle-server"
[ -x "$BIN" ] || die "no release build: run ./scripts/test.sh (or cargo leptos build --release) first"
PG_ADMIN="${TWO_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_isready -q -d "$PG_ADMIN" || die "PostgreSQL is not reachable at $PG_ADMIN"
PORT="${TWO_PORT:-3400}"
PORT_A=$((PORT + 1)) PORT_B=$((PORT + 2)) PORT_SMS=$((PORT + 3))
PROXY="http://127.0.0.1:$PORT"
DIR="$(mktemp -d /tmp/passerelle-two.XXXXXX)"
DB_NAME="passerelle_two_$$"
DB_URL="${PG_ADMIN%/*}/$DB_NAME"
REMINDERS=1000
started=$(date +%s)
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [ -f "$DIR/nginx.pid" ] && nginx -p "$DIR" -c "$DIR/nginx.conf" -s stop 2>/dev/null || true
  [ -n "${TWO_KEEP:-}" ] || psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
fail() { echo "two-servers: FAILED — $*" >&2; echo "logs in $DIR" >&2; exit 1; }
sql() { psql -qtA "$DB_URL" -c "$1"; }

log "One PostgreSQL database ($DB_NAME), 1,500 demo people"
psql -q "$PG_ADMIN" -c "CREATE DATABASE $DB_NAME" >/dev/null
DATABASE_URL="$DB_URL" "$BIN" seed-demo --beneficiaries 1500 --months 6 >"$DIR/seed.log" 2>&1 \
  || fail "seed-demo (see $DIR/seed.log)"

# Background processes are disowned: the script kills them itself, without the shell's notices.
python3 scripts/fake-sms-provider.py "$PORT_SMS" >"$DIR/sms.log" 2>&1 &
pids+=($!); disown $!

# Quiet hours that cover the present (Paris time) for at least two more hours, for the first part
# of the run. They run overnight (QUIET_HOURS is "from-until" with until < from): from this hour to
# midnight, or from 22:00 to 02:00 late in the evening and just after midnight.
paris_hour=$((10#$(TZ=Europe/Paris date +%H)))
if [ "$paris_hour" -ge 1 ] && [ "$paris_hour" -le 21 ]; then QUIET_NOW="$paris_hour-0"; else QUIET_NOW="22-2"; fi
start_server() { # name, port, quiet hours
  DATABASE_URL="$DB_URL" LISTEN_ADDR="127.0.0.1:$2" LEPTOS_SITE_ROOT="$ROOT/target/site" \
    SMS_API_URL="http://127.0.0.1:$PORT_SMS/sms" SMS_API_TOKEN=two-servers \
    TRUST_PROXY=true WORKER_LEASE_SECONDS=10 QUIET_HOURS="$3" WORKER_NAME="$1" RUST_LOG=warn \
    "$BIN" serve >>"$DIR/server-$1.log" 2>&1 &
  pids+=($!); disown $!
  eval "PID_$1=$!"
}
wait_ready() { for _ in $(seq 1 60); do curl -fs "$1/readyz" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }
start_server A "$PORT_A" "$QUIET_NOW"
start_server B "$PORT_B" "$QUIET_NOW"

cat >"$DIR/nginx.conf" <<NGINX
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $DIR/body;
  proxy_temp_path $DIR/proxy;
  upstream passerelle {
    server 127.0.0.1:$PORT_A max_fails=0;
    server 127.0.0.1:$PORT_B max_fails=0;
  }
  server {
    listen 127.0.0.1:$PORT;
    location / {
      proxy_pass http://passerelle;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout;
    }
  }
}
NGINX
nginx -p "$DIR" -c "$DIR/nginx.conf" || fail "nginx did not start"
for url in "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "http://127.0.0.1:$PORT_SMS"; do
  for _ in $(seq 1 60); do curl -fs "$url/readyz" >/dev/null 2>&1 || curl -fs "$url/stats" >/dev/null 2>&1 && break; sleep 0.5; done
done
curl -fs "$PROXY/readyz" >/dev/null || fail "the proxy does not answer"

# 1. A session across servers. The identify step and the code step go through the proxy, which
# sends consecutive requests to alternate servers.
log "1. A session opened through one server, used through the other"
jar="$DIR/beneficiary.jar"
curl -fs -c "$jar" -b "$jar" -H 'Accept: application/json' --data 'numero=1234567&naissance=1985-03-15' \
  "$PROXY/api/connexion/identifier" >/dev/null || fail "asking for a sign-in code"
code=""
for _ in $(seq 1 40); do code=$(curl -fs "http://127.0.0.1:$PORT_SMS/last-code"); [ -n "$code" ] && break; sleep 0.25; done
[ -n "$code" ] || fail "no sign-in code reached the SMS provider"
curl -fs -c "$jar" -b "$jar" -H 'Accept: application/json' --data "code=$code" "$PROXY/api/connexion/code" >/dev/null \
  || fail "the code was refused"
cookie=$(awk '$6=="passerelle"{print "passerelle="$7}' "$jar")
for port in "$PORT_A" "$PORT_B"; do
  curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$port/mon-parcours" | grep -q 'Bonjour Camille Martin' \
    || fail "the session does not open Mon parcours on the server at port $port"
done
sessions=ok

# 2. Rate limits, counted in the database: one sign-in code a minute per person; 20 failed staff
# sign-ins per address in 15 minutes. Requests alternate between the servers, directly.
log "2. Rate limits shared, whichever server answers"
read -r other_file other_birth < <(sql "SELECT file_number, birth_date FROM beneficiary \
  WHERE phone IS NOT NULL AND file_number <> '1234567' ORDER BY beneficiary_id LIMIT 1" | tr '|' ' ')
code_statuses=""
for port in "$PORT_A" "$PORT_B"; do
  code_statuses="$code_statuses $(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' \
    --data "numero=$other_file&naissance=$other_birth" "http://127.0.0.1:$port/api/connexion/identifier")"
done
[ "$code_statuses" = " 200 429" ] || fail "a second code within the minute, asked of the other server, answered:$code_statuses (expected 200 then 429)"
staff_statuses=""
for i in $(seq 1 21); do
  port=$([ $((i % 2)) = 1 ] && echo "$PORT_A" || echo "$PORT_B")
  staff_statuses="$staff_statuses $(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' \
    --data "email=personne$i@exemple.invalid&password=mauvais-mot-de-passe" "http://127.0.0.1:$port/api/agent/connexion")"
done
refused=$(echo "$staff_statuses" | tr ' ' '\n' | grep -c '^429$' || true)
[ "${staff_statuses##* }" = 429 ] && [ "$refused" = 1 ] \
  || fail "21 failed staff sign-ins across servers answered:$staff_statuses (expected 20 refusals then 429)"
limits=ok

# 3. 1,000 reminders due at once: first in quiet hours, then after them with one server killed in
# the middle of the sends.
log "3. $REMINDERS reminders due at once in quiet hours ($QUIET_NOW, Paris): none may go out"
# People with a phone who never wrote to the staff (a message since the invitation would rightly
# cancel the reminder).
sql "WITH chosen AS (SELECT beneficiary_id FROM beneficiary b WHERE phone IS NOT NULL AND status <> 'exited' \
       AND NOT EXISTS (SELECT 1 FROM inbox_message m WHERE m.beneficiary_id = b.beneficiary_id) \
       ORDER BY beneficiary_id LIMIT $REMINDERS), \
     invited AS (UPDATE beneficiary SET status = 'invited', sms_opt_out = FALSE \
       WHERE beneficiary_id IN (SELECT beneficiary_id FROM chosen) RETURNING beneficiary_id) \
     INSERT INTO scheduled_job (kind, beneficiary_id, subject_at, idempotency_key, due_at, next_attempt_at, status, attempts, created_at) \
     SELECT 'invitation_reminder', beneficiary_id, now() - interval '3 days', 'two-servers:' || beneficiary_id, \
       now(), now(), 'pending', 0, now() FROM invited" >/dev/null
[ "$(sql "SELECT COUNT(*) FROM scheduled_job WHERE idempotency_key LIKE 'two-servers:%'")" = "$REMINDERS" ] \
  || fail "could not make $REMINDERS reminders due"
# The provider counts the keys of these reminders apart (the sign-in codes above are not theirs).
delivered() { curl -fs "http://127.0.0.1:$PORT_SMS/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['two_servers'])"; }
# Every reminder is taken by a server and put back to the end of the quiet hours (more than a
# lease ahead), and nothing reaches the provider.
postponed=0
for _ in $(seq 1 120); do
  postponed=$(sql "SELECT COUNT(*) FROM scheduled_job WHERE idempotency_key LIKE 'two-servers:%' AND status = 'pending' \
    AND attempts >= 1 AND next_attempt_at > now() + interval '1 hour' AND next_attempt_at <= now() + interval '24 hours'")
  [ "$postponed" = "$REMINDERS" ] && break
  sleep 0.5
done
[ "$postponed" = "$REMINDERS" ] || fail "$postponed of $REMINDERS reminders postponed to the end of the quiet hours"
sleep 2
[ "$(delivered)" = 0 ] || fail "$(delivered) reminders reached the provider during the quiet hours"
[ "$(sql "SELECT COUNT(*) FROM outbox_message WHERE idempotency_key LIKE 'two-servers:%'")" = 0 ] \
  || fail "messages were written for reminders during the quiet hours"
quiet="$REMINDERS postponed, 0 sent"

log "   quiet hours over: both servers restarted without them, server B killed during the sends"
kill "$PID_A" "$PID_B"
for p in "$PID_A" "$PID_B"; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
# The morning has come: the postponed reminders are due again (the database's clock cannot be
# moved, so their time is).
sql "UPDATE scheduled_job SET next_attempt_at = now() WHERE idempotency_key LIKE 'two-servers:%' AND status = 'pending'" >/dev/null
start_server A "$PORT_A" aucune
start_server B "$PORT_B" aucune
wait_ready "http://127.0.0.1:$PORT_A" && wait_ready "http://127.0.0.1:$PORT_B" || fail "the servers did not restart"
# What a server holds of these reminders: its leased, unfinished messages and jobs.
held_by() {
  sql "SELECT (SELECT COUNT(*) FROM outbox_message WHERE idempotency_key LIKE 'two-servers:%' AND leased_by = '$1' \
      AND status = 'pending') \
    + (SELECT COUNT(*) FROM scheduled_job WHERE idempotency_key LIKE 'two-servers:%' AND leased_by = '$1' \
      AND status = 'pending' AND next_attempt_at > now())"
}
killed_at=""
held_at_death=0
for _ in $(seq 1 600); do
  n=$(delivered)
  if [ -z "$killed_at" ] && [ "$n" -ge $((REMINDERS / 4)) ] && [ "$(held_by B)" -gt 0 ]; then
    kill -9 "$PID_B"; killed_at=$n
    # Dead, B changes nothing more: what it holds now is what it held when it died (its leases
    # last 10 s, so server A has not taken them back yet).
    held_at_death=$(held_by B)
    log "   server B killed (kill -9) after $n deliveries, holding $held_at_death leased messages and jobs"
  fi
  [ "$n" -ge "$REMINDERS" ] && break
  sleep 0.2
done
[ -n "$killed_at" ] || fail "the sends ended before server B could be killed while holding work"
[ "$held_at_death" -gt 0 ] || fail "server B held no leased work when it was killed: the check proved nothing"
# Whatever server B held comes back to server A when its lease (10 s here) expires.
for _ in $(seq 1 150); do
  left=$(sql "SELECT (SELECT COUNT(*) FROM scheduled_job WHERE idempotency_key LIKE 'two-servers:%' AND status = 'pending') \
    + (SELECT COUNT(*) FROM outbox_message WHERE idempotency_key LIKE 'two-servers:%' AND status <> 'sent')")
  [ "$left" = 0 ] && [ "$(delivered)" -ge "$REMINDERS" ] && break
  sleep 0.5
done
stats=$(curl -fs "http://127.0.0.1:$PORT_SMS/stats")
jobs_done=$(sql "SELECT COUNT(*) FROM scheduled_job WHERE idempotency_key LIKE 'two-servers:%' AND status = 'done'")
messages=$(sql "SELECT COUNT(*) FROM outbox_message WHERE idempotency_key LIKE 'two-servers:%'")
sent=$(sql "SELECT COUNT(*) FROM outbox_message WHERE idempotency_key LIKE 'two-servers:%' AND status = 'sent'")
per_person=$(sql "SELECT COUNT(*) FROM (SELECT beneficiary_id FROM outbox_message WHERE idempotency_key LIKE 'two-servers:%' \
  GROUP BY beneficiary_id HAVING COUNT(*) > 1) d")
n=$(delivered)
repeats=$(echo "$stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["two_servers_repeats"])')
echo "   jobs done $jobs_done, messages written $messages (sent $sent), people with two messages $per_person, delivered by the provider $n, repeated sends dropped by key $repeats"
if [ "$jobs_done" != "$REMINDERS" ]; then
  sql "SELECT status, attempts, COALESCE(outcome, '-'), next_attempt_at, now() FROM scheduled_job \
    WHERE idempotency_key LIKE 'two-servers:%' AND status <> 'done' LIMIT 5"
  fail "$jobs_done of $REMINDERS jobs done"
fi
[ "$messages" = "$REMINDERS" ] || fail "$messages messages written for $REMINDERS reminders"
[ "$sent" = "$REMINDERS" ] || fail "$sent of $REMINDERS messages sent"
[ "$per_person" = 0 ] || fail "$per_person people got two messages"
[ "$n" = "$REMINDERS" ] || fail "the provider delivered $n messages for $REMINDERS reminders"
# A repeated request can only be a message B had sent when it died, before it could note it; the
# provider drops it by its key. Any other repeat would mean two servers sent the same message.
[ "$repeats" -le "$held_at_death" ] || fail "$repeats repeated requests at the provider, more than the $held_at_death messages and jobs server B held"
left_by_b=$(held_by B)
[ "$left_by_b" = 0 ] || fail "$left_by_b messages or jobs are still held by the dead server B"
grep -q panic "$DIR/server-A.log" "$DIR/server-B.log" && fail "a server panicked"
elapsed=$(( $(date +%s) - started ))
echo "two-servers: OK — sessions shared: $sessions; rate limits shared: $limits (code a minute, 20 staff failures, across servers); quiet hours: $quiet; $REMINDERS reminders: $n delivered once each, 0 lost, 0 doubled, server B killed -9 after $killed_at holding $held_at_death leased messages and jobs, all taken over by A; repeated requests (each dropped by the provider's key): $repeats ≤ $held_at_death; ${elapsed}s"
