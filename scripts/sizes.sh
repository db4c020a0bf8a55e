#!/usr/bin/env bash
# What each page weighs as served to a first visitor (empty cache): the page's HTML and every
# CSS, JS and wasm file it loads, in bytes on the wire with brotli (`Accept-Encoding: br`).
#   scripts/sizes.sh [base URL, default http://127.0.0.1:3000]
# Fails when the simulator's total passes SIMULATOR_LIMIT bytes (250 KB) or when a page without an
# island loads any wasm. scripts/test.sh runs it against the release build.
set -euo pipefail

base="${1:-http://127.0.0.1:3000}"
limit="${SIMULATOR_LIMIT:-250000}"
# Pages with an island (see PAGES_WITH_ISLANDS in app/src/app.rs), then plain pages.
island_pages=(/simulateur /unites)
plain_pages=(/ /connexion /connexion/code /agent/connexion /mon-parcours /mes-donnees /agent /tableau-de-bord)

wire() { curl -sS -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "$base$1"; }
failures=0
simulator_total=0

printf '%-18s %8s %8s %8s %9s %9s\n' page html css js wasm total
for page in "${island_pages[@]}" "${plain_pages[@]}"; do
  # Pages for signed-in people answer 200 with a sign-in prompt: the frame is the same.
  html=$(curl -sS "$base$page")
  html_size=$(wire "$page")
  css=0 js=0 wasm=0
  while read -r file; do
    [ -n "$file" ] || continue
    n=$(wire "$file")
    case "$file" in
      *.css) css=$((css + n)) ;;
      *.js) js=$((js + n)) ;;
      *.wasm) wasm=$((wasm + n)) ;;
    esac
  done < <(grep -oE '(href|src)="/[^"]*\.(css|js|wasm)"' <<<"$html" | sed -E 's/^(href|src)="//; s/"$//' | sort -u)
  total=$((html_size + css + js + wasm))
  printf '%-18s %8d %8d %8d %9d %9d\n' "$page" "$html_size" "$css" "$js" "$wasm" "$total"
  if [[ " ${plain_pages[*]} " == *" $page "* ]] && [ "$wasm" -gt 0 ]; then
    echo "FAIL: $page has no island but loads $wasm bytes of wasm" >&2
    failures=$((failures + 1))
  fi
  if [ "$page" = /simulateur ]; then simulator_total=$total; fi
  if [[ " ${island_pages[*]} " == *" $page "* ]] && [ "$wasm" -eq 0 ]; then
    echo "FAIL: $page has an island but loads no wasm" >&2
    failures=$((failures + 1))
  fi
done
if [ "$simulator_total" -gt "$limit" ]; then
  echo "FAIL: /simulateur weighs $simulator_total bytes, above $limit" >&2
  failures=$((failures + 1))
fi
[ "$failures" = 0 ] || exit 1
echo "sizes: /simulateur $simulator_total bytes (limit $limit); pages without an island load no wasm"
