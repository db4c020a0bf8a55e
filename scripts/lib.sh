# Shared by scripts/run.sh and scripts/test.sh: installs what is missing, idempotently.
# Every step checks first, so a prepared machine spends seconds here, a fresh one ~20 minutes
# (cargo-leptos builds from source: there is no way to download prebuilt tools on this network).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"
# Must equal the `wasm-bindgen = "=…"` pin in Cargo.toml.
WASM_BINDGEN_VERSION="0.2.130"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mError: %s\033[0m\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

need_command() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required but not installed. $2"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root to run: $*"; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
  fi
}

npm_install_in() {
  local dir="$1"
  # npm ci when the lock file changed since the last install, otherwise nothing to do.
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "Installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The Rust/wasm toolchain needed to build the site.
setup_build_tools() {
  need_command cargo "Install Rust with rustup: https://rustup.rs"
  need_command npm "Install Node.js 20 and npm."
  rustup target list --installed | grep -qx wasm32-unknown-unknown || {
    log "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  }
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    log "Installing cargo-leptos $CARGO_LEPTOS_VERSION from crates.io (about 15 minutes, once)"
    # no_downloads: fail clearly instead of trying to fetch tools from GitHub.
    cargo install --locked "cargo-leptos@$CARGO_LEPTOS_VERSION" --features no_downloads
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    log "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
    # Not --locked: one locked dependency version is no longer on crates.io.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  npm_install_in "$ROOT/tools"   # wasm-opt (binaryen from npm)
}

# Where cargo puts its build output (CARGO_TARGET_DIR or ./target).
target_dir() {
  if [ -n "${CARGO_TARGET_DIR:-}" ]; then echo "$CARGO_TARGET_DIR"; else echo "$ROOT/target"; fi
}

# Builds the release site (server binary + optimised, precompressed wasm bundle).
build_release() {
  log "Building the release site (server + wasm bundle)"
  (cd "$ROOT" && cargo leptos build --release --precompress)
}

# schemathesis (PyPI), in a virtual environment of the project, for the API contract tests.
setup_schemathesis() {
  need_command python3 "Install Python 3 (with venv)."
  local venv="$ROOT/tools/.venv"
  if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/pip" freeze 2>/dev/null | grep -qxF "$(cat "$ROOT/tools/requirements.txt")"; then
    log "Installing schemathesis from PyPI"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/tools/requirements.txt"
  fi
}

# ----- Sessions on a running server with the demo data (sizes.sh, load.sh) ------------------------

# The session cookie (`passerelle=…`) kept in a curl cookie jar.
jar_cookie() { awk '$6=="passerelle"{print "passerelle="$7}' "$1"; }

# Signs a demo staff member in; prints their session cookie.
#   demo_staff_cookie BASE EMAIL PASSWORD
demo_staff_cookie() {
  local jar; jar=$(mktemp)
  curl -fsS -c "$jar" -H 'Accept: application/json' --data-urlencode "email=$2" \
    --data-urlencode "password=$3" "$1/api/agent/connexion" >/dev/null || { rm -f "$jar"; return 1; }
  jar_cookie "$jar"; rm -f "$jar"
}

# Signs a demo beneficiary in with the one-time code, read by an administrator in the development
# mailbox; prints their session cookie. One person at a time: the new code is the one that was not
# in the mailbox before asking.
#   demo_beneficiary_cookie BASE ADMIN_COOKIE FILE_NUMBER BIRTH_DATE(AAAA-MM-JJ)
demo_beneficiary_cookie() {
  local base="$1" admin="$2" jar code="" before
  jar=$(mktemp)
  _codes() { curl -fsS -H "Cookie: $admin" -H 'Accept: application/json' -X POST "$base/api/admin/messages" \
    | grep -o 'connexion est [0-9]\{6\}' | grep -o '[0-9]\{6\}' | sort || true; }
  before=$(_codes)
  curl -fsS -c "$jar" -b "$jar" -H 'Accept: application/json' --data "numero=$3&naissance=$4" \
    "$base/api/connexion/identifier" >/dev/null || { rm -f "$jar"; return 1; }
  for _ in $(seq 1 20); do
    code=$(comm -13 <(echo "$before") <(_codes) | head -1)
    [ -n "$code" ] && break; sleep 0.5
  done
  [ -n "$code" ] || { rm -f "$jar"; return 1; }
  curl -fsS -c "$jar" -b "$jar" -H 'Accept: application/json' --data "code=$code" \
    "$base/api/connexion/code" >/dev/null || { rm -f "$jar"; return 1; }
  jar_cookie "$jar"; rm -f "$jar"
}
