#!/bin/sh
# Installs the Debian packages ccsim needs, when they are missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -u
PKGS="build-essential libgsl-dev libcjson-dev libmd-dev check gnuplot-nox pkg-config"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "ccsim needs these Debian packages:$missing" >&2
    echo "run:  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq $missing >/dev/null
