#!/usr/bin/env bash
# OpenSSH (and, with --bench, the reference clients pssh and ansible) for the SSH tests and benchmarks.
set -euo pipefail
here="$(dirname "$0")"
programs=(sshd ssh ssh-keygen ssh-keyscan ssh-agent ssh-add useradd)
[ "${1:-}" = "--bench" ] && programs+=(parallel-ssh ansible)
exec bash "$here/install.sh" "${programs[@]}"
