#!/usr/bin/env bash
# Installs what is missing, builds the release site, and serves Passerelle on SQLite with demo data.
#   ./scripts/run.sh                    → http://127.0.0.1:3000
# Settings come from the environment or a .env file (see .env.example).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

if [ -f .env ]; then set -a; source .env; set +a; fi
export DATABASE_URL="${DATABASE_URL:-sqlite://data/passerelle.db}"
export LISTEN_ADDR="${LISTEN_ADDR:-127.0.0.1:3000}"
# The server runs in production unless told otherwise; this is the local demonstration.
export PASSERELLE_ENV="${PASSERELLE_ENV:-development}"
export DEMO_DATA="${DEMO_DATA:-true}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"

setup_build_tools
build_release

# DEMO_PROVIDERS=true: local FranceConnect and ProConnect stand-ins (end2end/oidc-provider.mjs),
# with Passerelle configured for them; stopped with the server.
if [ "${DEMO_PROVIDERS:-false}" = "true" ]; then
  npm_install_in "$ROOT/end2end"
  export PUBLIC_URL="${PUBLIC_URL:-http://$LISTEN_ADDR}"
  export FRANCECONNECT_ISSUER="${FRANCECONNECT_ISSUER:-http://127.0.0.1:9101}"
  export FRANCECONNECT_CLIENT_ID="${FRANCECONNECT_CLIENT_ID:-passerelle-demo-fc}"
  export FRANCECONNECT_CLIENT_SECRET="${FRANCECONNECT_CLIENT_SECRET:-demo-franceconnect-secret-0123456789}"
  export PROCONNECT_ISSUER="${PROCONNECT_ISSUER:-http://127.0.0.1:9102}"
  export PROCONNECT_CLIENT_ID="${PROCONNECT_CLIENT_ID:-passerelle-demo-pc}"
  export PROCONNECT_CLIENT_SECRET="${PROCONNECT_CLIENT_SECRET:-demo-proconnect-secret-0123456789}"
  log "Starting the local FranceConnect (:9101) and ProConnect (:9102) stand-ins"
  node "$ROOT/end2end/oidc-provider.mjs" &
  providers=$!
  trap 'kill $providers 2>/dev/null' EXIT
  log "Starting Passerelle ($DATABASE_URL) at $PUBLIC_URL"
  "$(target_dir)/release/passerelle-server" serve
  exit $?
fi
log "Starting Passerelle ($DATABASE_URL)"
exec "$(target_dir)/release/passerelle-server" serve
