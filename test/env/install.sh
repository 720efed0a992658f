#!/usr/bin/env bash
# Installs, when missing, the Debian package of every program listed in programs.tsv (or only of
# the programs named as arguments). Idempotent; needs root on Debian. Installing never starts a
# daemon: test/env/sshd.sh starts its own servers.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
found() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

want=()
while IFS=$'\t' read -r program package _; do
  case "$program" in ''|'#'*) continue ;; esac
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx -- "$program"; then continue; fi
  found "$program" && continue
  printf '%s\n' "${want[@]:-}" | grep -qx -- "$package" || want+=("$package")
done < "$here/programs.tsv"

[ ${#want[@]} -eq 0 ] && exit 0
echo "drillbook: installing ${want[*]}..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# policy-rc.d 101: never let a package start a system service (sshd on port 22, postgresql).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends "${want[@]}" >&2
for program in "$@"; do found "$program" || { echo "drillbook: $program is still missing after the install" >&2; exit 1; }; done
