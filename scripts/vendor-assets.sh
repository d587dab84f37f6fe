#!/usr/bin/env bash
# Copy the front-end files hwb's web dashboard needs from node_modules into the
# package (hwb/web/static/vendor) and the browser tests (tests/web/vendor), so
# that `pip install` + `hwb serve` needs no npm and no CDN at run time.
# Usage: npm ci && scripts/vendor-assets.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
nm="$root/node_modules"
out="$root/hwb/web/static/vendor"
[ -d "$nm/govuk-frontend" ] || { echo "run 'npm ci' first" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/govuk/assets/fonts" "$out/govuk/assets/images" "$root/tests/web/vendor"

govuk="$nm/govuk-frontend/dist/govuk"
# The stylesheet points at /assets/...; make it relative to where it is served from.
sed 's#url(/assets/#url(assets/#g' "$govuk/govuk-frontend.min.css" > "$out/govuk/govuk-frontend.min.css"
cp "$govuk/govuk-frontend.min.js" "$out/govuk/"
cp "$govuk"/assets/fonts/*.woff* "$out/govuk/assets/fonts/"
cp "$govuk"/assets/images/{favicon.ico,favicon.svg,govuk-crest.svg,govuk-icon-180.png,govuk-icon-mask.svg} "$out/govuk/assets/images/"
cp "$govuk/assets/manifest.json" "$out/govuk/assets/"

cp "$nm/vega/build/vega.min.js" "$nm/vega-lite/build/vega-lite.min.js" \
   "$nm/vega-embed/build/vega-embed.min.js" "$nm/htmx.org/dist/htmx.min.js" "$out/"

# Versions and licences travel with the copies (govuk-frontend ships no licence file: MIT).
mkdir -p "$out/licences"
for pkg in govuk-frontend vega vega-lite vega-embed htmx.org; do
  node -p "const p=require('$nm/$pkg/package.json'); p.name+' '+p.version+' '+p.license"
  if [ -f "$nm/$pkg/LICENSE" ]; then cp "$nm/$pkg/LICENSE" "$out/licences/$pkg.txt"; fi
done > "$out/VERSIONS"

cp "$nm/axe-core/axe.min.js" "$root/tests/web/vendor/axe.min.js"
echo "axe-core $(node -p "require('$nm/axe-core/package.json').version")" > "$root/tests/web/vendor/VERSIONS"
echo "vendored into $out and tests/web/vendor"
