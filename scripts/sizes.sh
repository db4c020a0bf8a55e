#!/usr/bin/env bash
# What each page weighs as served to a first visitor (empty cache): the page's HTML and every
# CSS, JS and wasm file it loads, in bytes on the wire with brotli (`Accept-Encoding: br`).
# Pages for signed-in people are measured signed in (a demo beneficiary, a demo manager), so the
# figure is the page they get, not the sign-in prompt.
#   scripts/sizes.sh [base URL of a server with the demo data, default http://127.0.0.1:3000]
# Fails when any answer is not 2xx, when a /pkg/ file is not served as immutable for a year,
# when a signed-in page does not show its person, when the simulator's total passes
# SIMULATOR_LIMIT bytes (250 KB), or when a page without an island loads any wasm. scripts/test.sh runs it against the release build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

base="${1:-http://127.0.0.1:3000}"
limit="${SIMULATOR_LIMIT:-250000}"
admin=$(demo_staff_cookie "$base" admin@demo.passerelle.fr demo-admin-2026) || die "sizes: the demo administrator could not sign in"
manager=$(demo_staff_cookie "$base" responsable@demo.passerelle.fr demo-responsable-2026) || die "sizes: the demo manager could not sign in"
beneficiary=$(demo_beneficiary_cookie "$base" "$admin" 1234567 1985-03-15) || die "sizes: the demo beneficiary could not sign in"

# page, who (cookie variable or -), text the page must show. Pages with an island (see
# PAGES_WITH_ISLANDS in app/src/app.rs) first.
island_pages=(/simulateur /unites)
pages=(
  "/simulateur|-|Simulateur"
  "/unites|-|unité"
  "/|-|on vous accompagne"
  "/connexion|-|Numéro allocataire"
  "/agent/connexion|-|Mot de passe"
  "/mon-parcours|beneficiary|Bonjour Camille Martin"
  "/mes-donnees|beneficiary|Camille"
  "/agent|manager|Messages à traiter"
  "/tableau-de-bord|manager|Tableau de bord"
)

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# Bytes on the wire for one URL with the given cookie; fails the run on a non-2xx answer.
wire() {
  local out; out=$(curl -sS -H 'Accept-Encoding: br' -H "Cookie: $2" -o /dev/null -w '%{http_code} %{size_download}' "$base$1")
  case "${out%% *}" in 2??) ;; *) fail "$1 answered ${out%% *}" ;; esac
  echo "${out#* }"
}
simulator_total=0

printf '%-18s %-12s %8s %8s %8s %9s %9s\n' page who html css js wasm total
for entry in "${pages[@]}"; do
  IFS='|' read -r page who text <<<"$entry"
  cookie=""; [ "$who" = - ] || cookie="${!who}"
  out=$(curl -sS -H "Cookie: $cookie" -w '\n%{http_code}' "$base$page")
  status="${out##*$'\n'}"; html="${out%$'\n'*}"
  case "$status" in 2??) ;; *) fail "$page ($who) answered $status" ;; esac
  grep -qF "$text" <<<"$html" || fail "$page ($who) does not show « $text »"
  html_size=$(wire "$page" "$cookie")
  css=0 js=0 wasm=0
  while read -r file; do
    [ -n "$file" ] || continue
    # Hashed build files are kept a year by browsers (a new release has new names).
    case "$file" in
      /pkg/*)
        cache=$(curl -sS -o /dev/null -D - "$base$file" | tr -d '\r' | awk -F': ' 'tolower($1)=="cache-control"{print $2}')
        [ "$cache" = "public, max-age=31536000, immutable" ] || fail "$file: Cache-Control « $cache »"
        ;;
    esac
    n=$(wire "$file" "")
    case "$file" in
      *.css) css=$((css + n)) ;;
      *.js) js=$((js + n)) ;;
      *.wasm) wasm=$((wasm + n)) ;;
    esac
  done < <(grep -oE '(href|src)="/[^"]*\.(css|js|wasm)"' <<<"$html" | sed -E 's/^(href|src)="//; s/"$//' | sort -u)
  total=$((html_size + css + js + wasm))
  printf '%-18s %-12s %8d %8d %8d %9d %9d\n' "$page" "$who" "$html_size" "$css" "$js" "$wasm" "$total"
  if [[ " ${island_pages[*]} " == *" $page "* ]]; then
    [ "$wasm" -gt 0 ] || fail "$page has an island but loads no wasm"
  elif [ "$wasm" -gt 0 ]; then
    fail "$page has no island but loads $wasm bytes of wasm"
  fi
  if [ "$page" = /simulateur ]; then simulator_total=$total; fi
done
[ "$simulator_total" -le "$limit" ] || fail "/simulateur weighs $simulator_total bytes, above $limit"
[ "$failures" = 0 ] || exit 1
echo "sizes: /simulateur $simulator_total bytes (limit $limit); signed-in pages measured signed in; pages without an island load no wasm"
