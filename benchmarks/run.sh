#!/usr/bin/env bash
# Socksgate side-by-side benchmark: direct loopback, Dante, microsocks, Socksgate.
# Usage: benchmarks/run.sh [--quick] [--reps N] [--dist PATH.tar.gz] [--only ROWS] [--proxies NAMES]
#                         [--maven-repo DIR]
# See docs/PERFORMANCE.md. Loopback only; everything started here is stopped on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
T="$HERE/target"
DIST="$ROOT/karaf-assembly/target/karaf-assembly-0.1.0-SNAPSHOT.tar.gz"
QUICK=false
REPS=""
ONLY=bulk,rate,udp,idle,slow
ALL=(direct dante microsocks socksgate)
CMDLINE="benchmarks/run.sh $*"
MVN_REPO=""

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=true ;;
    --reps) REPS="$2"; shift ;;
    --dist) DIST="$2"; shift ;;
    # for tuning: a subset of the rows (bulk,rate,udp,idle,slow) and of the proxies
    --only) ONLY="$2"; shift ;;
    --proxies) IFS=, read -r -a ALL <<<"$2"; shift ;;
    # the local Maven repository that holds this tree's installed modules (default: Maven's)
    --maven-repo) MVN_REPO="$2"; shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if $QUICK; then
  # smoke run: seconds per row, fewer idle tunnels, one repetition
  WARMUP=0.5; SECONDS_PER_ROW=1.5; SLOW_SECONDS=3; IDLE=3000; REPS=${REPS:-1}
else
  WARMUP=2; SECONDS_PER_ROW=10; SLOW_SECONDS=20; IDLE=9000; REPS=${REPS:-3}
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

# ---------------------------------------------------------------- prerequisites
need_install=()
command -v danted >/dev/null 2>&1 || need_install+=(dante-server)
command -v microsocks >/dev/null 2>&1 || need_install+=(microsocks)
if [ ${#need_install[@]} -gt 0 ]; then
  log "installing ${need_install[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null
fi
[ -f "$DIST" ] || { echo "no Socksgate distribution at $DIST (run mvn -B install -DskipTests)" >&2; exit 1; }

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
rm -rf "$T/socksgate" "$T/run"
mkdir -p "$T/run"
RUN="$T/run"
PIDS=()
SG_HOME=""
cleanup() {
  set +e
  if [ -n "$SG_HOME" ] && [ -f "$SG_HOME/karaf.pid" ]; then
    local sgpid; sgpid=$(cat "$SG_HOME/karaf.pid")
    "$SG_HOME/bin/stop" >/dev/null 2>&1
    wait_for 20 "Socksgate to stop" gone "$sgpid" 2>/dev/null || kill "$sgpid"
  fi
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
}
gone() { ! kill -0 "$1" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- load generator
# Built with Maven: it uses the project's SOCKS5 codecs (bundles/protocol, installed by the root
# `mvn install`) and MINA's IoBuffer they work on.
log "building the load generator"
MVN=(mvn -B -q -f "$HERE/pom.xml")
[ -n "$MVN_REPO" ] && MVN+=("-Dmaven.repo.local=$MVN_REPO")
"${MVN[@]}" package >"$RUN/loadgen-build.log" 2>&1 || { cat "$RUN/loadgen-build.log" >&2; exit 1; }
LG=(java -Xss256k -XX:+UseParallelGC -cp "$T/classes:$(cat "$T/loadgen.classpath")" io.socksgate.bench.LoadGen)

read -r SG_PORT SG_AUTH_PORT DANTE_PORT DANTE_AUTH_PORT MS_PORT MS_AUTH_PORT SSH_PORT RMI_REG_PORT RMI_SRV_PORT \
  <<<"$("${LG[@]}" ports 9 | tr '\n' ' ')"

"${LG[@]}" servers --ports-file "$RUN/servers.env" >"$RUN/servers.log" 2>&1 &
PIDS+=($!)
wait_for 20 "the loopback servers' ports" test -f "$RUN/servers.env"
# shellcheck disable=SC1091
. "$RUN/servers.env"
log "servers: sink $SINK_PORT, source $SOURCE_PORT, echo $ECHO_PORT, slow $SLOW_PORT, udp $UDP_PORT"

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
  log: error
}
socks block {
  from: 0.0.0.0/0 to: 0.0.0.0/0
  log: error
}
EOF
}
dante_conf "$DANTE_PORT" none >"$RUN/danted-none.conf"
dante_conf "$DANTE_AUTH_PORT" username >"$RUN/danted-username.conf"
danted -f "$RUN/danted-none.conf" -p "$RUN/danted-none.pid" >"$RUN/danted-none.out" 2>&1 &
DANTE_PID=$!; PIDS+=($DANTE_PID)
danted -f "$RUN/danted-username.conf" -p "$RUN/danted-username.pid" >"$RUN/danted-username.out" 2>&1 &
PIDS+=($!)

# ---------------------------------------------------------------- microsocks
microsocks -i 127.0.0.1 -p "$MS_PORT" >"$RUN/microsocks.log" 2>&1 &
MS_PID=$!; PIDS+=($MS_PID)
microsocks -i 127.0.0.1 -p "$MS_AUTH_PORT" -u "$BENCH_USER" -P "$BENCH_PASS" >"$RUN/microsocks-auth.log" 2>&1 &
PIDS+=($!)

# ---------------------------------------------------------------- Socksgate
log "unpacking $(basename "$DIST")"
mkdir -p "$T/socksgate"
tar xzf "$DIST" -C "$T/socksgate" --strip-components=1
SG_HOME="$T/socksgate"
E="$SG_HOME/etc"
# The feature copies its .cfg files only when absent, so these are kept.
cat >"$E/io.socksgate.listener-default.cfg" <<EOF
name = default
bind = 127.0.0.1
port = $SG_PORT
protocols = socks5
auth = none
backlog = 1024
timeout.idle = 3600
max.sessions = 20000
max.sessions.per.client = 0
EOF
cat >"$E/io.socksgate.listener-auth.cfg" <<EOF
name = auth
bind = 127.0.0.1
port = $SG_AUTH_PORT
protocols = socks5
auth = password
realm = karaf
backlog = 1024
timeout.idle = 3600
max.sessions = 20000
max.sessions.per.client = 0
EOF
cat >"$E/io.socksgate.rule-bench.cfg" <<'EOF'
name = bench
order = 1
action = allow
commands = connect,udp
source = 127.0.0.0/8
destination = 127.0.0.0/8
EOF
cat >"$E/io.socksgate.udp.cfg" <<'EOF'
ports = 21000-21100
bind =
advertise =
timeout.idle = 600
max.datagram = 65507
EOF
printf '\n%s\n' "$BENCH_USER = $BENCH_PASS,_g_:admingroup" >>"$E/users.properties"
# Keep Karaf's own management ports off the defaults (other Karafs may run here).
sed -i "s/^sshPort *=.*/sshPort = $SSH_PORT/" "$E/org.apache.karaf.shell.cfg"
sed -i -e "s/^rmiRegistryPort *=.*/rmiRegistryPort = $RMI_REG_PORT/" \
       -e "s/^rmiServerPort *=.*/rmiServerPort = $RMI_SRV_PORT/" "$E/org.apache.karaf.management.cfg"

log "starting Socksgate (listener $SG_PORT, password listener $SG_AUTH_PORT)"
"$SG_HOME/bin/start"
wait_for 30 "Karaf's pid file" test -f "$SG_HOME/karaf.pid"
SG_PID=$(cat "$SG_HOME/karaf.pid")

probe() { "${LG[@]}" probe --echo "$ECHO_PORT" "$@"; }
probe --proxy "127.0.0.1:$DANTE_PORT" --timeout 10
probe --proxy "127.0.0.1:$DANTE_AUTH_PORT" --timeout 10 --user "$BENCH_USER" --pass "$BENCH_PASS"
probe --proxy "127.0.0.1:$MS_PORT" --timeout 10
probe --proxy "127.0.0.1:$MS_AUTH_PORT" --timeout 10 --user "$BENCH_USER" --pass "$BENCH_PASS"
probe --proxy "127.0.0.1:$SG_PORT" --timeout 120
probe --proxy "127.0.0.1:$SG_AUTH_PORT" --timeout 30 --user "$BENCH_USER" --pass "$BENCH_PASS"
log "all proxies answer (Socksgate pid $SG_PID, Dante pid $DANTE_PID, microsocks pid $MS_PID)"

# ---------------------------------------------------------------- measurements
RESULTS="$T/results.tsv"
: >"$RESULTS"
COMMON=(--out "$RESULTS" --only "$ONLY" --warmup "$WARMUP" --seconds "$SECONDS_PER_ROW" --slow-seconds "$SLOW_SECONDS"
        --idle "$IDLE" --sink "$SINK_PORT" --source "$SOURCE_PORT" --echo "$ECHO_PORT" --echo32 "$ECHO32_PORT" --slow "$SLOW_PORT"
        --udp-port "$UDP_PORT" --user "$BENCH_USER" --pass "$BENCH_PASS")
run_one() { # rep name
  case "$2" in
    direct) "${LG[@]}" suite --rep "$1" --name direct --proxy direct "${COMMON[@]}" ;;
    dante) "${LG[@]}" suite --rep "$1" --name dante --proxy "127.0.0.1:$DANTE_PORT" \
             --auth-proxy "127.0.0.1:$DANTE_AUTH_PORT" --pid "$DANTE_PID" "${COMMON[@]}" ;;
    microsocks) "${LG[@]}" suite --rep "$1" --name microsocks --proxy "127.0.0.1:$MS_PORT" \
             --auth-proxy "127.0.0.1:$MS_AUTH_PORT" --pid "$MS_PID" --udp false "${COMMON[@]}" ;;
    socksgate) "${LG[@]}" suite --rep "$1" --name socksgate --proxy "127.0.0.1:$SG_PORT" \
             --auth-proxy "127.0.0.1:$SG_AUTH_PORT" --pid "$SG_PID" "${COMMON[@]}" ;;
  esac
}
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
    run_one "$rep" "$name"
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
  echo "Parameters: $REPS repetition(s), medians; warm-up ${WARMUP} s then ${SECONDS_PER_ROW} s per throughput/rate/UDP row; slow reader ${SLOW_SECONDS} s per direction; $IDLE idle tunnels. MB = 10^6 bytes."
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r);"
  echo "$(java -version 2>&1 | head -1); $(danted -v 2>&1 | head -1 | cut -d' ' -f1-2) (dante-server $(dpkg-query -W -f='${Version}' dante-server 2>/dev/null)); microsocks $(dpkg-query -W -f='${Version}' microsocks 2>/dev/null)."
  echo
  "${LG[@]}" report --in "$RESULTS" --quick "$QUICK"
} >"$MD"
echo
cat "$MD"
log "written $MD (raw values: $RESULTS)"
