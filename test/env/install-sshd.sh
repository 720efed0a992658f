#!/usr/bin/env bash
# Debian's OpenSSH server (and, with --bench, the reference clients pssh and ansible-core) for the
# SSH integration tests and benchmarks. Idempotent; needs root on Debian. Installing does not
# start a daemon here: test/env/sshd.sh starts its own.
set -euo pipefail
want=()
command -v /usr/sbin/sshd >/dev/null 2>&1 || want+=(openssh-server)
command -v ssh-agent >/dev/null 2>&1 || want+=(openssh-client)
if [ "${1:-}" = "--bench" ]; then
  command -v parallel-ssh >/dev/null 2>&1 || want+=(pssh)
  command -v ansible >/dev/null 2>&1 || want+=(ansible-core)
fi
[ ${#want[@]} -eq 0 ] && exit 0
echo "drillbook: installing ${want[*]}..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# policy-rc.d 101: never let the package start a system sshd on port 22.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends "${want[@]}" >&2
