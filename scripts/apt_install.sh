#!/usr/bin/env bash
# Install Debian packages (as root, or through sudo), refreshing the package
# lists once when the first attempt fails. Used by the project's setup for
# the few system programs it needs (PostgreSQL, Chromium).
set -euo pipefail

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get install -y -q "$@" >/dev/null \
    || { "${sudo_cmd[@]}" apt-get update -q >/dev/null && "${sudo_cmd[@]}" apt-get install -y -q "$@" >/dev/null; }
