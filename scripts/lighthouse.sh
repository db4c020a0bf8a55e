#!/usr/bin/env bash
# Lighthouse, mobile (its default: a mid-range phone on a slow 4G, simulated), on the public pages
# and a signed-in "Mon parcours": performance, accessibility, best practices and SEO, each at
# least LIGHTHOUSE_MIN (95). Prints the table; fails below the minimum or when a page cannot be
# measured. Reports (HTML) go to LIGHTHOUSE_DIR (default end2end/test-results/lighthouse).
#   scripts/lighthouse.sh [base URL of a server with the demo data, default http://127.0.0.1:3000]
# scripts/test.sh runs it against the release build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

base="${1:-http://127.0.0.1:3000}"
min="${LIGHTHOUSE_MIN:-95}"
dir="${LIGHTHOUSE_DIR:-$ROOT/end2end/test-results/lighthouse}"
bin="$ROOT/end2end/node_modules/.bin/lighthouse"
[ -x "$bin" ] || die "lighthouse is not installed (npm ci in end2end)"
mkdir -p "$dir"
export CHROME_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

admin=$(demo_staff_cookie "$base" admin@demo.passerelle.fr demo-admin-2026) || die "lighthouse: the demo administrator could not sign in"
# Yanis (demo, reached by SMS): signed in for "Mon parcours" (sizes.sh signs Camille in on the
# same server, and a person may ask for one code a minute).
yanis=$(demo_beneficiary_cookie "$base" "$admin" 4455667 1995-09-30) || die "lighthouse: the demo beneficiary could not sign in"

failures=0
printf '%-16s %12s %14s %15s %5s\n' page performance accessibility best-practices seo
for entry in "/|accueil|" "/simulateur|simulateur|" "/connexion|connexion|" "/mon-parcours|mon-parcours|$yanis"; do
  IFS='|' read -r page name cookie <<<"$entry"
  headers='{}'
  [ -z "$cookie" ] || headers="{\"Cookie\":\"$cookie\"}"
  # A run that could not record the page (Lighthouse's own NO_NAVSTART, now and then) is tried
  # once more; a low score is never retried.
  measured=false
  for attempt in 1 2; do
    if "$bin" "$base$page" --quiet --output=json --output=html --output-path="$dir/$name" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --no-first-run" \
        --extra-headers="$headers" >/dev/null 2>"$dir/$name.log"; then
      measured=true; break
    fi
    echo "lighthouse could not record $page (attempt $attempt): $(tail -1 "$dir/$name.log")" >&2
  done
  if [ "$measured" != true ]; then
    echo "FAIL: lighthouse could not measure $page (see $dir/$name.log)" >&2
    failures=$((failures + 1)); continue
  fi
  read -r perf a11y bp seo final < <(node -e '
    const r = require(process.argv[1]);
    const s = (k) => Math.round(r.categories[k].score * 100);
    console.log(s("performance"), s("accessibility"), s("best-practices"), s("seo"), r.finalDisplayedUrl);
  ' "$dir/$name.report.json")
  printf '%-16s %12s %14s %15s %5s\n' "$page" "$perf" "$a11y" "$bp" "$seo"
  # The signed-in page must be the person's, not the sign-in prompt it redirects to.
  [ "${final%%\?*}" = "$base$page" ] || { echo "FAIL: $page ended at $final" >&2; failures=$((failures + 1)); }
  for score in "$perf" "$a11y" "$bp" "$seo"; do
    [ "$score" -ge "$min" ] || { echo "FAIL: $page scores $score, under $min" >&2; failures=$((failures + 1)); break; }
  done
done
[ "$failures" = 0 ] || exit 1
echo "lighthouse: every page at least $min in each category (reports in ${dir#"$ROOT"/})"
