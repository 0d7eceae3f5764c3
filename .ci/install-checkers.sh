#!/usr/bin/env bash
# Installs what the reader-site browser and conformance tests need
# (internal/site/browser_test.go):
#   - Debian's Chromium, driven through chromedp;
#   - a headless Java runtime, for the Nu HTML Checker;
#   - a font with Arabic glyphs, so RTL screenshots are legible;
#   - axe-core and vnu-jar from npm, into a cache folder.
# Idempotent and quick when everything is already there. Prints the cache
# folder on its last line. Runs as root without a TTY.
set -euo pipefail

AXE_VERSION=4.14.1
VNU_VERSION=26.9.27
dir="${DEPECHE_CHECKERS:-$HOME/.cache/depeche-checkers}"

export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for pkg in chromium default-jre-headless fonts-dejavu-core; do
  installed "$pkg" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "install-checkers: installing ${missing[*]}" >&2
  # Another apt run (unattended upgrades, a parallel job) holds the lock for
  # a while at most: wait for it rather than fail.
  lock=(-o DPkg::Lock::Timeout=600)
  $sudo apt-get "${lock[@]}" update -qq >&2
  $sudo apt-get "${lock[@]}" install -y -qq "${missing[@]}" >&2
fi

# have_npm NAME VERSION FILE: the package is installed at that version and
# has that file. Reads package.json with grep: starting node is slow.
have_npm() {
  local name=$1 version=$2 file=$3 manifest="$dir/node_modules/$1/package.json"
  [ -f "$dir/node_modules/$name/$file" ] && [ -f "$manifest" ] &&
    [ "$(grep -o '"version": *"[^"]*"' "$manifest" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')" = "$version" ]
}

if ! have_npm axe-core "$AXE_VERSION" axe.min.js || ! have_npm vnu-jar "$VNU_VERSION" build/dist/vnu.jar; then
  echo "install-checkers: installing axe-core@$AXE_VERSION vnu-jar@$VNU_VERSION into $dir" >&2
  mkdir -p "$dir"
  # A package.json of its own keeps npm from walking up to another project.
  [ -f "$dir/package.json" ] || echo '{"name":"depeche-checkers","private":true}' >"$dir/package.json"
  # --ignore-scripts: vnu-jar's postinstall would fetch a JRE from outside
  # the npm registry; Debian's JRE above is the one used.
  npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts --loglevel=error \
    "axe-core@$AXE_VERSION" "vnu-jar@$VNU_VERSION" >&2
fi

have_npm axe-core "$AXE_VERSION" axe.min.js || { echo "install-checkers: axe-core missing after install" >&2; exit 1; }
have_npm vnu-jar "$VNU_VERSION" build/dist/vnu.jar || { echo "install-checkers: vnu.jar missing after install" >&2; exit 1; }
command -v chromium >/dev/null || { echo "install-checkers: chromium missing after install" >&2; exit 1; }
command -v java >/dev/null || { echo "install-checkers: java missing after install" >&2; exit 1; }

echo "$dir"
