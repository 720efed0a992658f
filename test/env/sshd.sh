#!/usr/bin/env bash
# Real OpenSSH servers on loopback for the SSH tests and benchmarks (needs root: sshd switches to
# the test user). Idempotent: servers already running under DIR are kept.
#
#   sshd.sh start N [--dir DIR] [--base-port P]   start servers 1..N on ports P+1..P+N; prints
#                                                  "port=<p> host_key=<pub>" per server, then
#                                                  "user=<u> key=<private key> authorized_keys=<f>"
#   sshd.sh stop [--dir DIR]                       stop every server under DIR
#
# Each server has its own host key (DIR/srv-<i>/host_ed25519_key), listens on 127.0.0.1 only and
# logs into DIR/srv-<i>/log. Ports are above Linux's ephemeral range (32768-60999), where any
# outgoing connection could hold one. All servers of one DIR share DIR/authorized_keys, which tests may
# append to. Logins go to a dedicated user (root's shell start-up here costs ~130 ms a command).
set -euo pipefail

cmd="${1:-}"; shift || true
count=0
if [ "$cmd" = start ]; then count="${1:?usage: sshd.sh start N}"; shift; fi
dir="${DRILLBOOK_SSHD_DIR:-/tmp/drillbook-sshd}"
base="${DRILLBOOK_SSHD_BASE_PORT:-62200}"
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --base-port) base="$2"; shift 2 ;;
    *) echo "sshd.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
user="${DRILLBOOK_SSH_TEST_USER:-drillbook-test}"
shared=/tmp/drillbook-ssh-shared

# The sshd a pidfile names, if that pid is still an sshd started with that server's config (a
# pid reused by another process after a crash or reboot is not).
alive() {
  local pidfile="$1" config pid
  config="$(dirname "$1")/sshd_config"
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "sshd -f $config "
}

stop_all() {
  [ -d "$dir" ] || return 0
  for pidfile in "$dir"/srv-*/sshd.pid; do
    [ -e "$pidfile" ] || continue
    if alive "$pidfile"; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
    rm -f "$pidfile"
  done
}

case "$cmd" in
  stop) stop_all; exit 0 ;;
  start) ;;
  *) echo "usage: sshd.sh start N [--dir DIR] [--base-port P] | stop [--dir DIR]" >&2; exit 2 ;;
esac

bash "$(dirname "$0")/install-sshd.sh"

# One-time, shared by every DIR: the test user and the client key. Test files start servers in
# parallel, so this part holds a lock.
mkdir -p "$shared"
exec 9>"$shared/.lock"
flock 9
if ! id "$user" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash "$user"
  # OpenSSH refuses logins to locked accounts ("!" in shadow) when UsePAM is off.
  usermod -p '*' "$user"
fi
[ -f "$shared/client_key" ] || ssh-keygen -q -t ed25519 -N '' -C drillbook-test-client -f "$shared/client_key"
mkdir -p /run/sshd
flock -u 9

mkdir -p "$dir"
chmod 755 "$dir"
[ -f "$dir/authorized_keys" ] || cp "$shared/client_key.pub" "$dir/authorized_keys"
chmod 644 "$dir/authorized_keys"

for i in $(seq 1 "$count"); do
  srv="$dir/srv-$i"
  port=$((base + i))
  mkdir -p "$srv"
  [ -f "$srv/host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "drillbook-test-host-$i" -f "$srv/host_ed25519_key"
  cat > "$srv/sshd_config.new" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $srv/host_ed25519_key
PidFile $srv/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers $user
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
StrictModes no
UsePAM no
MaxStartups 100:30:200
MaxSessions 50
AllowTcpForwarding yes
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
EOF
  # A server kept from an earlier start must have this very config (its port may have changed).
  if alive "$srv/sshd.pid" && ! cmp -s "$srv/sshd_config" "$srv/sshd_config.new"; then
    kill "$(cat "$srv/sshd.pid")" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$srv/sshd.pid" || break; sleep 0.05; done
  fi
  mv "$srv/sshd_config.new" "$srv/sshd_config"
  if ! alive "$srv/sshd.pid"; then
    rm -f "$srv/sshd.pid"
    /usr/sbin/sshd -f "$srv/sshd_config" -E "$srv/log"
  fi
  echo "port=$port host_key=$srv/host_ed25519_key.pub"
done

# sshd daemonizes after binding, but wait until each port answers so callers can connect at once;
# one that never does (its port taken) fails here, with its log, not later as "connection refused".
for i in $(seq 1 "$count"); do
  port=$((base + i))
  up=no
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then up=yes; break; fi
    sleep 0.05
  done
  if [ "$up" = no ]; then
    echo "sshd.sh: server $i did not answer on 127.0.0.1:$port; its log ($dir/srv-$i/log):" >&2
    tail -5 "$dir/srv-$i/log" >&2 || true
    exit 1
  fi
done
echo "user=$user key=$shared/client_key authorized_keys=$dir/authorized_keys"
