#!/usr/bin/env bash
# Installs what scar needs (Debian 12 packages only), builds it, and runs the default
# scenario. Run from anywhere: `bash tools/setup.sh`. Needs root or sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build ccache libboost1.81-dev libfmt-dev nlohmann-json3-dev catch2 libcli11-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_if_needed=""
  [ "$(id -u)" -eq 0 ] || sudo_if_needed="sudo"
  echo "scar setup: installing ${missing[*]}"
  $sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCAR_TESTS=ON
cmake --build build
./build/tools/scar run scenarios/primary-backup.json
