#!/usr/bin/env bash
# Socksgate side-by-side benchmark: direct loopback, Dante, microsocks (SOCKS), Squid, tinyproxy
# (HTTP CONNECT), HAProxy (a TCP forwarder, the reference for a relay's socket work), nginx (a UDP
# forwarder, the same reference for the UDP rows) and
# Socksgate; optionally a second Socksgate distribution ("socksgate-before").
# Usage: benchmarks/run.sh [--quick] [--reps N] [--warmup S] [--seconds S] [--jvm-warmup S] [--dist PATH.tar.gz] [--dist-before PATH.tar.gz]
#                         [--only ROWS] [--proxies NAMES] [--maven-repo DIR] [--peer-logs access|errors]
#                         [--profile DIR] [--shield]
# See docs/PERFORMANCE.md. Loopback only; everything started here is stopped on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
T="$HERE/target"
DIST="$ROOT/karaf-assembly/target/karaf-assembly-0.1.0-SNAPSHOT.tar.gz"
DIST_BEFORE=""
QUICK=false
REPS=""
ONLY=bulk,rate,http,forward,udp,idle,slow
ALL=()
CMDLINE="benchmarks/run.sh $*"
MVN_REPO=""
PEER_LOGS=access
PROFILE_DIR=""
SHIELD=false

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=true ;;
    --reps) REPS="$2"; shift ;;
    # seconds of load before each measured window (JIT warm-up); a proxy in service is warm
    --warmup) WARMUP_ARG="$2"; shift ;;
    # seconds of each measured window of the throughput, rate and UDP rows (default 10)
    --seconds) SECONDS_ARG="$2"; shift ;;
    # seconds per connection-rate row of load on each Socksgate JVM before repetition 1, not
    # measured (default 20; 0: none): a freshly booted Karaf needs more than a row's warm-up
    --jvm-warmup) JVM_WARMUP_ARG="$2"; shift ;;
    --dist) DIST="$2"; shift ;;
    # a second Socksgate distribution, measured in the same run as column "socksgate-before"
    --dist-before) DIST_BEFORE="$2"; shift ;;
    # for tuning: a subset of the rows (bulk,rate,http,udp,idle,slow) and of the proxies
    --only) ONLY="$2"; shift ;;
    --proxies) IFS=, read -r -a ALL <<<"$2"; shift ;;
    # the local Maven repository that holds this tree's installed modules (default: Maven's)
    --maven-repo) MVN_REPO="$2"; shift ;;
    # what the peers log: "access" (default), a line per request as Socksgate's access log
    # writes one (Dante connect/disconnect, Squid's access.log, tinyproxy's Connect level;
    # microsocks cannot log); "errors", errors only (the setup of runs before 2026-12-06)
    --peer-logs) PEER_LOGS="$2"; shift ;;
    # a JFR recording (settings=profile) of Socksgate's JVM over each of its suite runs, written
    # to DIR/NAME-repN.jfr; it costs the proxy some CPU, so its figures are not for the record.
    # The idle row also writes what each tunnel holds, by class, to DIR/NAME-repN-idle-heap.txt
    --profile) PROFILE_DIR="$2"; shift ;;
    # CPU shielding: every proxy on the last core, the load generator and the loopback servers on
    # the others, so that a row's rate is what the proxy's core sustains, not what is left of
    # the machine once the clients and servers had theirs (docs/PERFORMANCE.md, "Two setups")
    --shield) SHIELD=true ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$PEER_LOGS" in
  access) DANTE_LOG="connect disconnect error"; SQUID_ACCESS_LOG=true; TINY_LOG=Connect ;;
  errors) DANTE_LOG="error"; SQUID_ACCESS_LOG=false; TINY_LOG=Error ;;
  *) echo "--peer-logs: access or errors, not $PEER_LOGS" >&2; exit 2 ;;
esac
if [ ${#ALL[@]} -eq 0 ]; then
  ALL=(direct dante microsocks squid tinyproxy haproxy nginx)
  if [ -n "$DIST_BEFORE" ]; then ALL+=(socksgate-before); fi
  ALL+=(socksgate socksgate-via-dante)
fi
if [[ " ${ALL[*]} " == *" socksgate-before "* ]] && [ -z "$DIST_BEFORE" ]; then
  echo "--proxies socksgate-before needs --dist-before PATH.tar.gz" >&2; exit 2
fi

if $QUICK; then
  # smoke run: seconds per row, fewer idle tunnels, one repetition
  WARMUP=0.5; SECONDS_PER_ROW=1.5; SLOW_SECONDS=3; IDLE=3000; REPS=${REPS:-1}
else
  WARMUP=2; SECONDS_PER_ROW=10; SLOW_SECONDS=20; IDLE=9000; REPS=${REPS:-3}
fi
WARMUP=${WARMUP_ARG:-$WARMUP}
SECONDS_PER_ROW=${SECONDS_ARG:-$SECONDS_PER_ROW}
if $QUICK; then JVM_WARMUP=${JVM_WARMUP_ARG:-0}; else JVM_WARMUP=${JVM_WARMUP_ARG:-20}; fi

# PIN_PROXY / PIN_LOAD: the command prefixes that put a process on its side of the shield (none
# without --shield: an empty array expands to no word, bash >= 4.4 even under set -u); children
# inherit the affinity (Dante's, Karaf's JVM started by bin/start)
PIN_PROXY=()
PIN_LOAD=()
if $SHIELD; then
  CORES=$(nproc)
  [ "$CORES" -ge 2 ] || { echo "--shield needs at least 2 cores, this machine has $CORES" >&2; exit 2; }
  command -v taskset >/dev/null 2>&1 || { echo "--shield needs taskset (util-linux)" >&2; exit 2; }
  PROXY_CPUS=$((CORES - 1))
  if [ "$CORES" -eq 2 ]; then LOAD_CPUS=0; else LOAD_CPUS=0-$((CORES - 2)); fi
  PIN_PROXY=(taskset -c "$PROXY_CPUS")
  PIN_LOAD=(taskset -c "$LOAD_CPUS")
fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# wait_for SECONDS WHAT COMMAND...: a bounded wait until COMMAND succeeds (polled every 0.2 s);
# fails the run, naming WHAT, when it does not in time
wait_for() {
  local seconds=$1 what=$2; shift 2
  local end=$((SECONDS + seconds))
  until "$@"; do
    if [ $SECONDS -ge $end ]; then echo "timed out after ${seconds} s waiting for $what" >&2; return 1; fi
    sleep 0.2
  done
}
gone() { ! kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------- prerequisites
need_install=()
NGINX_STREAM=/usr/lib/nginx/modules/ngx_stream_module.so
command -v danted >/dev/null 2>&1 || need_install+=(dante-server)
command -v microsocks >/dev/null 2>&1 || need_install+=(microsocks)
command -v squid >/dev/null 2>&1 || need_install+=(squid)
command -v tinyproxy >/dev/null 2>&1 || need_install+=(tinyproxy)
command -v haproxy >/dev/null 2>&1 || need_install+=(haproxy)
command -v nginx >/dev/null 2>&1 || need_install+=(nginx)
[ -f "$NGINX_STREAM" ] || need_install+=(libnginx-mod-stream)
if [ ${#need_install[@]} -gt 0 ]; then
  log "installing ${need_install[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null
fi
[ -f "$DIST" ] || { echo "no Socksgate distribution at $DIST (run mvn -B install -DskipTests)" >&2; exit 1; }
[ -z "$DIST_BEFORE" ] || [ -f "$DIST_BEFORE" ] || { echo "no distribution at $DIST_BEFORE" >&2; exit 1; }

# Dante's username method checks system accounts: a local, login-less user 'bench'.
BENCH_USER=bench
BENCH_PASS=benchpw
if ! id "$BENCH_USER" >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$BENCH_USER"
fi
echo "$BENCH_USER:$BENCH_PASS" | chpasswd --crypt-method SHA512

ulimit -n 20000 2>/dev/null || true
log "fd limit $(ulimit -n)"

# ---------------------------------------------------------------- state and cleanup
rm -rf "$T/socksgate" "$T/socksgate-before" "$T/run"
mkdir -p "$T/run"
RUN="$T/run"
PIDS=()
SG_HOMES=()
cleanup() {
  set +e
  for home in "${SG_HOMES[@]}"; do
    [ -f "$home/karaf.pid" ] || continue
    local sgpid; sgpid=$(cat "$home/karaf.pid")
    "$home/bin/stop" >/dev/null 2>&1
    wait_for 20 "Socksgate to stop" gone "$sgpid" 2>/dev/null || kill "$sgpid"
  done
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- load generator
# Built with Maven: it uses the project's SOCKS5 codecs (bundles/protocol, installed by the root
# `mvn install`) and MINA's IoBuffer they work on.
log "building the load generator"
MVN=(mvn -B -q -f "$HERE/pom.xml")
if [ -n "$MVN_REPO" ]; then MVN+=("-Dmaven.repo.local=$MVN_REPO"); fi
"${MVN[@]}" package >"$RUN/loadgen-build.log" 2>&1 || { cat "$RUN/loadgen-build.log" >&2; exit 1; }
LG=("${PIN_LOAD[@]}" java -Xss256k -XX:+UseParallelGC -cp "$T/classes:$(cat "$T/loadgen.classpath")" io.socksgate.bench.LoadGen)

read -r SG_PORT SG_AUTH_PORT SSH_PORT RMI_REG_PORT RMI_SRV_PORT \
  SGB_PORT SGB_AUTH_PORT SGB_SSH_PORT SGB_RMI_REG_PORT SGB_RMI_SRV_PORT \
  DANTE_PORT DANTE_AUTH_PORT MS_PORT MS_AUTH_PORT SQUID_PORT TINY_PORT SG_VIA_PORT HAPROXY_PORT NGINX_PORT \
  <<<"$("${LG[@]}" ports 19 | tr '\n' ' ')"

"${LG[@]}" servers --ports-file "$RUN/servers.env" >"$RUN/servers.log" 2>&1 &
PIDS+=($!)
wait_for 20 "the loopback servers' ports" test -f "$RUN/servers.env"
# shellcheck disable=SC1091
. "$RUN/servers.env"
log "servers: sink $SINK_PORT, source $SOURCE_PORT, echo $ECHO_PORT, echo32 $ECHO32_PORT, slow $SLOW_PORT, udp $UDP_PORT"

# ---------------------------------------------------------------- Dante
dante_conf() { # port method
  cat <<EOF
logoutput: $RUN/danted-$1.log
internal: 127.0.0.1 port = $1
external: 127.0.0.1
socksmethod: $2
clientmethod: none
user.privileged: root
user.unprivileged: nobody
timeout.negotiate: 30
timeout.io: 0
client pass {
  from: 127.0.0.0/8 to: 0.0.0.0/0
  log: error
}
socks pass {
  from: 127.0.0.0/8 to: 127.0.0.0/8
  command: connect udpassociate udpreply
  log: $DANTE_LOG
}
socks block {
  from: 0.0.0.0/0 to: 0.0.0.0/0
  log: error
}
EOF
}
dante_conf "$DANTE_PORT" none >"$RUN/danted-none.conf"
dante_conf "$DANTE_AUTH_PORT" username >"$RUN/danted-username.conf"
"${PIN_PROXY[@]}" danted -f "$RUN/danted-none.conf" -p "$RUN/danted-none.pid" >"$RUN/danted-none.out" 2>&1 &
DANTE_PID=$!; PIDS+=($DANTE_PID)
"${PIN_PROXY[@]}" danted -f "$RUN/danted-username.conf" -p "$RUN/danted-username.pid" >"$RUN/danted-username.out" 2>&1 &
DANTE_AUTH_PID=$!; PIDS+=($DANTE_AUTH_PID)

# ---------------------------------------------------------------- microsocks
"${PIN_PROXY[@]}" microsocks -i 127.0.0.1 -p "$MS_PORT" >"$RUN/microsocks.log" 2>&1 &
MS_PID=$!; PIDS+=($MS_PID)
"${PIN_PROXY[@]}" microsocks -i 127.0.0.1 -p "$MS_AUTH_PORT" -u "$BENCH_USER" -P "$BENCH_PASS" >"$RUN/microsocks-auth.log" 2>&1 &
MS_AUTH_PID=$!; PIDS+=($MS_AUTH_PID)

# ---------------------------------------------------------------- Squid (HTTP CONNECT only)
# CONNECT from 127.0.0.1 to the echo servers' ports on 127.0.0.1, nothing else; no cache, its
# access log as --peer-logs says, names from /etc/hosts and a resolver on 127.0.0.1 so it never
# asks one elsewhere. It drops to user proxy: its directory is 0777.
SQUID_DIR="$RUN/squid"
mkdir -p "$SQUID_DIR"; chmod 0777 "$SQUID_DIR"
cat >"$SQUID_DIR/squid.conf" <<EOF
http_port 127.0.0.1:$SQUID_PORT
acl bench_clients src 127.0.0.1/32
acl bench_servers dst 127.0.0.1/32
acl bench_ports port $ECHO_PORT $ECHO32_PORT
acl CONNECT method CONNECT
http_access allow CONNECT bench_clients bench_servers bench_ports
http_access deny all
cache deny all
cache_mem 0 MB
access_log $(if $SQUID_ACCESS_LOG; then echo "stdio:$SQUID_DIR/access.log squid"; else echo none; fi)
cache_log $SQUID_DIR/cache.log
pid_filename $SQUID_DIR/squid.pid
coredump_dir $SQUID_DIR
pinger_enable off
shutdown_lifetime 1 seconds
hosts_file /etc/hosts
dns_nameservers 127.0.0.1
EOF
"${PIN_PROXY[@]}" squid -N -f "$SQUID_DIR/squid.conf" >"$SQUID_DIR/squid.out" 2>&1 &
SQUID_PID=$!; PIDS+=($SQUID_PID)

# ---------------------------------------------------------------- tinyproxy (HTTP CONNECT only)
# ConnectPort limits CONNECT to the echo servers' ports; it drops to nobody: its directory is 0777.
TINY_DIR="$RUN/tinyproxy"
mkdir -p "$TINY_DIR"; chmod 0777 "$TINY_DIR"
cat >"$TINY_DIR/tinyproxy.conf" <<EOF
User nobody
Group nogroup
Listen 127.0.0.1
Port $TINY_PORT
Allow 127.0.0.1
ConnectPort $ECHO_PORT
ConnectPort $ECHO32_PORT
MaxClients 1024
Timeout 600
DisableViaHeader Yes
LogLevel $TINY_LOG
LogFile "$TINY_DIR/tinyproxy.log"
PidFile "$TINY_DIR/tinyproxy.pid"
EOF
"${PIN_PROXY[@]}" tinyproxy -d -c "$TINY_DIR/tinyproxy.conf" >"$TINY_DIR/tinyproxy.out" 2>&1 &
TINY_PID=$!; PIDS+=($TINY_PID)

# ---------------------------------------------------------------- HAProxy (TCP forwarding only)
# Not a proxy the clients choose a destination through: every connection goes to the 32-byte echo
# server, with no handshake and no log. One thread, as Squid's one process: its CPU per operation
# is what a C event loop pays for a tunnel's accept, connect, relay and close on this machine.
HAPROXY_DIR="$RUN/haproxy"
mkdir -p "$HAPROXY_DIR"
cat >"$HAPROXY_DIR/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 4096
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
listen forward
  bind 127.0.0.1:$HAPROXY_PORT
  server echo32 127.0.0.1:$ECHO32_PORT
EOF
"${PIN_PROXY[@]}" haproxy -db -f "$HAPROXY_DIR/haproxy.cfg" >"$HAPROXY_DIR/haproxy.out" 2>&1 &
HAPROXY_PID=$!; PIDS+=($HAPROXY_PID)

# ---------------------------------------------------------------- nginx (UDP forwarding only)
# The UDP rows' counterpart of HAProxy: every datagram goes to the UDP echo server, with no SOCKS
# header, no association to set up and no log. One process (no master, no workers), so its pid is
# the one whose CPU is measured. Each client address gets a session with its own connected socket
# towards the echo server, so what it pays per round trip is what a C event loop pays on this
# machine for two receives and two sends.
NGINX_DIR="$RUN/nginx"
mkdir -p "$NGINX_DIR"
cat >"$NGINX_DIR/nginx.conf" <<EOF
load_module $NGINX_STREAM;
daemon off;
master_process off;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log error;
events { worker_connections 4096; }
stream {
  server {
    listen 127.0.0.1:$NGINX_PORT udp;
    proxy_pass 127.0.0.1:$UDP_PORT;
    proxy_timeout 60s;
  }
}
EOF
"${PIN_PROXY[@]}" nginx -p "$NGINX_DIR" -e "$NGINX_DIR/error.log" -c "$NGINX_DIR/nginx.conf" \
  >"$NGINX_DIR/nginx.out" 2>&1 &
NGINX_PID=$!; PIDS+=($NGINX_PID)

# ---------------------------------------------------------------- Socksgate
# start_socksgate NAME DIST PORT AUTH_PORT SSH_PORT RMI_REGISTRY_PORT RMI_SERVER_PORT UDP_PORTS
start_socksgate() {
  local name=$1 dist=$2 port=$3 auth_port=$4 ssh_port=$5 rmi_reg=$6 rmi_srv=$7 udp_ports=$8
  local home="$T/$name"
  log "unpacking $dist into $home"
  mkdir -p "$home"
  tar xzf "$dist" -C "$home" --strip-components=1
  SG_HOMES+=("$home")
  local e="$home/etc"
  # The feature copies its .cfg files only when absent, so these are kept.
  cat >"$e/io.socksgate.listener-default.cfg" <<EOF
name = default
bind = 127.0.0.1
port = $port
protocols = socks5, http
auth = none
backlog = 1024
timeout.idle = 3600
max.sessions = 20000
max.sessions.per.client = 0
EOF
  cat >"$e/io.socksgate.listener-auth.cfg" <<EOF
name = auth
bind = 127.0.0.1
port = $auth_port
protocols = socks5
auth = password
realm = karaf
backlog = 1024
timeout.idle = 3600
max.sessions = 20000
max.sessions.per.client = 0
EOF
  cat >"$e/io.socksgate.rule-bench.cfg" <<'EOF'
name = bench
order = 1
action = allow
commands = connect,udp
source = 127.0.0.0/8
destination = 127.0.0.0/8
EOF
  if [ "$name" = socksgate ]; then
    # socksgate-via-dante: a listener of the same Socksgate whose requests a rule routes through
    # Dante (no authentication) as an upstream: the cost of the extra hop, beside the dante column.
    printf 'type = socks5\nservers = 127.0.0.1:%s\n' "$DANTE_PORT" >"$e/io.socksgate.upstream-dante.cfg"
    cat >"$e/io.socksgate.listener-via-dante.cfg" <<EOF
name = via-dante
bind = 127.0.0.1
port = $SG_VIA_PORT
protocols = socks5
backlog = 1024
timeout.idle = 3600
max.sessions = 20000
max.sessions.per.client = 0
EOF
    cat >"$e/io.socksgate.rule-via-dante.cfg" <<'EOF'
name = via-dante
order = 0
action = allow
listeners = via-dante
source = 127.0.0.0/8
destination = 127.0.0.0/8
upstream = dante
EOF
  fi
  cat >"$e/io.socksgate.udp.cfg" <<EOF
ports = $udp_ports
bind =
advertise =
timeout.idle = 600
max.datagram = 65507
EOF
  printf '\n%s\n' "$BENCH_USER = $BENCH_PASS,_g_:admingroup" >>"$e/users.properties"
  # Keep Karaf's own management ports off the defaults (other Karafs may run here).
  sed -i "s/^sshPort *=.*/sshPort = $ssh_port/" "$e/org.apache.karaf.shell.cfg"
  sed -i -e "s/^rmiRegistryPort *=.*/rmiRegistryPort = $rmi_reg/" \
         -e "s/^rmiServerPort *=.*/rmiServerPort = $rmi_srv/" "$e/org.apache.karaf.management.cfg"
  log "starting $name (listener $port with socks5 and http, password listener $auth_port)"
  "${PIN_PROXY[@]}" "$home/bin/start"
  wait_for 30 "$name's pid file" test -f "$home/karaf.pid"
}
start_socksgate socksgate "$DIST" "$SG_PORT" "$SG_AUTH_PORT" "$SSH_PORT" "$RMI_REG_PORT" "$RMI_SRV_PORT" 21000-21100
SG_PID=$(cat "$T/socksgate/karaf.pid")
SGB_PID=""
if [ -n "$DIST_BEFORE" ]; then
  start_socksgate socksgate-before "$DIST_BEFORE" "$SGB_PORT" "$SGB_AUTH_PORT" "$SGB_SSH_PORT" \
    "$SGB_RMI_REG_PORT" "$SGB_RMI_SRV_PORT" 21101-21201
  SGB_PID=$(cat "$T/socksgate-before/karaf.pid")
fi

probe() { "${LG[@]}" probe --echo "$ECHO_PORT" "$@"; }
probe --proxy "127.0.0.1:$DANTE_PORT" --timeout 10
probe --proxy "127.0.0.1:$DANTE_AUTH_PORT" --timeout 10 --user "$BENCH_USER" --pass "$BENCH_PASS"
probe --proxy "127.0.0.1:$MS_PORT" --timeout 10
probe --proxy "127.0.0.1:$MS_AUTH_PORT" --timeout 10 --user "$BENCH_USER" --pass "$BENCH_PASS"
probe --proxy "127.0.0.1:$SQUID_PORT" --protocol http --timeout 30
probe --proxy "127.0.0.1:$TINY_PORT" --protocol http --timeout 10
probe --proxy "127.0.0.1:$HAPROXY_PORT" --protocol forward --timeout 10
udp_bound() { ss -Hlun "sport = :$1" | grep -q .; }
wait_for 10 "nginx's UDP port" udp_bound "$NGINX_PORT"
# socksgate_probes NAME PORT AUTH_PORT: SOCKS must answer; HTTP CONNECT may not (a distribution
# without the front-end closes such clients): then its HTTP row reads "n/a (refused)"
socksgate_probes() {
  probe --proxy "127.0.0.1:$2" --timeout 120
  probe --proxy "127.0.0.1:$3" --timeout 30 --user "$BENCH_USER" --pass "$BENCH_PASS"
  if ! probe --proxy "127.0.0.1:$2" --protocol http --timeout 5 2>"$RUN/$1-http-probe.log"; then
    log "$1 does not relay HTTP CONNECT ($(cat "$RUN/$1-http-probe.log")): its HTTP row will read n/a (refused)"
  fi
}
socksgate_probes socksgate "$SG_PORT" "$SG_AUTH_PORT"
probe --proxy "127.0.0.1:$SG_VIA_PORT" --timeout 60
if [ -n "$DIST_BEFORE" ]; then socksgate_probes socksgate-before "$SGB_PORT" "$SGB_AUTH_PORT"; fi
log "all proxies answer (Socksgate pid $SG_PID${SGB_PID:+, Socksgate-before pid $SGB_PID}, Dante pid $DANTE_PID, microsocks pid $MS_PID, Squid pid $SQUID_PID, tinyproxy pid $TINY_PID, HAProxy pid $HAPROXY_PID, nginx pid $NGINX_PID)"

# ---------------------------------------------------------------- measurements
if [ -n "$PROFILE_DIR" ]; then mkdir -p "$PROFILE_DIR"; PROFILE_DIR=$(cd "$PROFILE_DIR" && pwd); fi
RESULTS="$T/results.tsv"
: >"$RESULTS"
# common OUT ROWS WARMUP SECONDS: the suite options every proxy's run shares
common() {
  COMMON=(--out "$1" --only "$2" --warmup "$3" --seconds "$4" --slow-seconds "$SLOW_SECONDS"
          --idle "$IDLE" --sink "$SINK_PORT" --source "$SOURCE_PORT" --echo "$ECHO_PORT" --echo32 "$ECHO32_PORT" --slow "$SLOW_PORT"
          --udp-port "$UDP_PORT" --user "$BENCH_USER" --pass "$BENCH_PASS")
  if [ -n "$PROFILE_DIR" ]; then COMMON+=(--heap-tables "$PROFILE_DIR"); fi
}
common "$RESULTS" "$ONLY" "$WARMUP" "$SECONDS_PER_ROW"
run_one() { # rep name
  case "$2" in
    direct) "${LG[@]}" suite --rep "$1" --name direct --proxy direct "${COMMON[@]}" ;;
    dante) "${LG[@]}" suite --rep "$1" --name dante --proxy "127.0.0.1:$DANTE_PORT" \
             --auth-proxy "127.0.0.1:$DANTE_AUTH_PORT" --pid "$DANTE_PID" --auth-pid "$DANTE_AUTH_PID" "${COMMON[@]}" ;;
    microsocks) "${LG[@]}" suite --rep "$1" --name microsocks --proxy "127.0.0.1:$MS_PORT" \
             --auth-proxy "127.0.0.1:$MS_AUTH_PORT" --pid "$MS_PID" --auth-pid "$MS_AUTH_PID" --udp false "${COMMON[@]}" ;;
    squid) "${LG[@]}" suite --rep "$1" --name squid --http-proxy "127.0.0.1:$SQUID_PORT" \
             --pid "$SQUID_PID" "${COMMON[@]}" ;;
    tinyproxy) "${LG[@]}" suite --rep "$1" --name tinyproxy --http-proxy "127.0.0.1:$TINY_PORT" \
             --pid "$TINY_PID" "${COMMON[@]}" ;;
    haproxy) "${LG[@]}" suite --rep "$1" --name haproxy --forward "127.0.0.1:$HAPROXY_PORT" \
             --pid "$HAPROXY_PID" "${COMMON[@]}" ;;
    nginx) "${LG[@]}" suite --rep "$1" --name nginx --udp-forward "127.0.0.1:$NGINX_PORT" \
             --pid "$NGINX_PID" "${COMMON[@]}" ;;
    socksgate) "${LG[@]}" suite --rep "$1" --name socksgate --proxy "127.0.0.1:$SG_PORT" \
             --auth-proxy "127.0.0.1:$SG_AUTH_PORT" --http-proxy "127.0.0.1:$SG_PORT" --pid "$SG_PID" "${COMMON[@]}" ;;
    socksgate-via-dante) "${LG[@]}" suite --rep "$1" --name socksgate-via-dante --proxy "127.0.0.1:$SG_VIA_PORT" \
             --pid "$SG_PID" --udp false "${COMMON[@]}" ;;
    socksgate-before) "${LG[@]}" suite --rep "$1" --name socksgate-before --proxy "127.0.0.1:$SGB_PORT" \
             --auth-proxy "127.0.0.1:$SGB_AUTH_PORT" --http-proxy "127.0.0.1:$SGB_PORT" --pid "$SGB_PID" "${COMMON[@]}" ;;
    *) echo "unknown proxy $2 (direct, dante, microsocks, squid, tinyproxy, haproxy, nginx, socksgate, socksgate-via-dante, socksgate-before)" >&2; exit 2 ;;
  esac
}
# profiled_pid NAME: the JVM to record while NAME's suite runs (with --profile), else nothing
profiled_pid() {
  [ -n "$PROFILE_DIR" ] || return 0
  case "$1" in
    socksgate|socksgate-via-dante) echo "$SG_PID" ;;
    socksgate-before) echo "$SGB_PID" ;;
  esac
}
# Socksgate's first repetition ran at up to twice the CPU per connection of the later ones on a
# freshly booted Karaf (docs/PERFORMANCE.md, 2026-12-06): load each Socksgate JVM first, unmeasured.
if [ "$JVM_WARMUP" != 0 ]; then
  common "$RUN/jvm-warmup.tsv" rate,http 1 "$JVM_WARMUP"
  for name in "${ALL[@]}"; do
    case "$name" in
      socksgate|socksgate-before)
        log "$name: warming the JVM up, ${JVM_WARMUP} s of connection load per rate row, not measured"
        run_one 0 "$name" >/dev/null ;;
    esac
  done
  common "$RESULTS" "$ONLY" "$WARMUP" "$SECONDS_PER_ROW"
fi
N=${#ALL[@]}
for rep in $(seq 1 "$REPS"); do
  # rotate the order by one each repetition, and reverse it on even ones
  order=()
  for ((i = 0; i < N; i++)); do order+=("${ALL[$(( (i + rep - 1) % N ))]}"); done
  if [ $((rep % 2)) -eq 0 ]; then
    reversed=()
    for ((i = N - 1; i >= 0; i--)); do reversed+=("${order[$i]}"); done
    order=("${reversed[@]}")
  fi
  log "repetition $rep/$REPS: ${order[*]}"
  for name in "${order[@]}"; do
    log "$name: $(ss -Htan state time-wait 2>/dev/null | wc -l) TCP sockets in TIME_WAIT"
    recorded_pid=$(profiled_pid "$name")
    if [ -n "$recorded_pid" ]; then
      jcmd "$recorded_pid" JFR.start name=bench settings=profile >/dev/null
    fi
    run_one "$rep" "$name"
    if [ -n "$recorded_pid" ]; then
      jcmd "$recorded_pid" JFR.stop name=bench filename="$PROFILE_DIR/$name-rep$rep.jfr" >/dev/null
      log "recorded $PROFILE_DIR/$name-rep$rep.jfr"
    fi
  done
done

# ---------------------------------------------------------------- report
MD="$T/results.md"
{
  if $QUICK; then
    echo "## Smoke run (--quick): not a verdict on the bars"
  else
    echo "## Benchmark run"
  fi
  echo
  echo "Command: \`$CMDLINE\` ($(date -u +%Y-%m-%dT%H:%M:%SZ), Socksgate $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' + uncommitted changes'))"
  echo
  if [ -n "$DIST_BEFORE" ]; then
    echo "Distributions: socksgate = \`$DIST\`, socksgate-before = \`$DIST_BEFORE\`."
    echo
  fi
  if $SHIELD; then
    echo "CPU shielding (--shield): the proxies on CPU $PROXY_CPUS, the load generator and the loopback servers on CPU $LOAD_CPUS."
    echo
  fi
  echo "Parameters: $REPS repetition(s), medians; each Socksgate JVM first under ${JVM_WARMUP} s of unmeasured load per rate row; warm-up ${WARMUP} s then ${SECONDS_PER_ROW} s per throughput/rate/UDP row; slow reader ${SLOW_SECONDS} s per direction; $IDLE idle tunnels. MB = 10^6 bytes."
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r);"
  echo "$(java -version 2>&1 | head -1); $(danted -v 2>&1 | head -1 | cut -d' ' -f1-2) (dante-server $(dpkg-query -W -f='${Version}' dante-server 2>/dev/null)); microsocks $(dpkg-query -W -f='${Version}' microsocks 2>/dev/null); squid $(dpkg-query -W -f='${Version}' squid 2>/dev/null); tinyproxy $(dpkg-query -W -f='${Version}' tinyproxy 2>/dev/null); haproxy $(dpkg-query -W -f='${Version}' haproxy 2>/dev/null); nginx $(dpkg-query -W -f='${Version}' nginx 2>/dev/null)."
  echo
  "${LG[@]}" report --in "$RESULTS" --quick "$QUICK"
} >"$MD"
echo
cat "$MD"
log "written $MD (raw values: $RESULTS)"
