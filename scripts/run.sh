#!/usr/bin/env bash
# Installs what is missing, builds the release site, and serves Passerelle on SQLite with demo data.
#   ./scripts/run.sh                    → http://127.0.0.1:3000
# Settings come from the environment or a .env file (see .env.example).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

if [ -f .env ]; then set -a; source .env; set +a; fi
export DATABASE_URL="${DATABASE_URL:-sqlite://data/passerelle.db}"
export LISTEN_ADDR="${LISTEN_ADDR:-127.0.0.1:3000}"
export DEMO_DATA="${DEMO_DATA:-true}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"

setup_build_tools
build_release
log "Starting Passerelle ($DATABASE_URL)"
exec "$(target_dir)/release/passerelle-server" serve
