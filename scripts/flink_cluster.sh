#!/usr/bin/env bash
# A local Apache Flink session cluster with a Beam job server, for running the job on Flink.
#
#   scripts/flink_cluster.sh start [TASKMANAGERS]   # default 2; one task slot each
#   scripts/flink_cluster.sh stop
#   scripts/flink_cluster.sh status                 # exit 0 when up, 1 when not
#   scripts/flink_cluster.sh options                # the job options for this cluster, one per line
#   scripts/flink_cluster.sh jobserver HOST:PORT    # only a job server, for a cluster of your own
#
# What it fetches once and caches under $FLINK_CACHE (default ~/.cache/news-claims/flink):
# - the Flink runner of Beam with all its dependencies (Maven Central, ~160 jars, ~150 MB):
#   no Flink job-server jar is published for the installed Beam, so the job server is
#   assembled from org.apache.beam:beam-runners-flink-<flink>:<version> and runs as
#   FlinkJobServerDriver; the same class path runs the JobManager and the TaskManagers;
# - Beam's Python SDK boot binary (Go), which starts the Python workers (PROCESS environment);
# - a virtualenv with the project's dependencies (not the project itself) for the workers.
#
# Python workers: Beam's boot binary installs what a job stages (its --setup_file package)
# into the first python on PATH (RUN_PYTHON_SDK_IN_DEFAULT_ENVIRONMENT=1; its default, a
# venv per worker id under /opt/apache/beam-venv, would be shared by the TaskManagers, which
# all number their first worker 1-1).  So each TaskManager gets a small venv of its own
# that sees the dependencies through PYTHONPATH, and its own boot directory for downloads.
#
# Ports (override with the env vars): REST/UI $FLINK_REST_PORT (8081), job server
# $FLINK_JOB_PORT (8099); logs and pids in $FLINK_CACHE/run/.
# Exit codes: 0 ok, 1 failed (see the log it names), 3 a tool is missing (java, mvn, go).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLINK_VERSION="${FLINK_VERSION:-1.19}"
BEAM_FLINK_RUNNER_VERSION="${BEAM_FLINK_RUNNER_VERSION:-2.62.0}"    # newest with every jar on Maven Central
SDK_VERSION="${SDK_VERSION:-v2.77.0}"                                # the installed apache-beam
CACHE="${FLINK_CACHE:-$HOME/.cache/news-claims/flink}"
REST_PORT="${FLINK_REST_PORT:-8081}"
JOB_PORT="${FLINK_JOB_PORT:-8099}"
RPC_PORT="${FLINK_RPC_PORT:-6123}"
TM_MEMORY="${FLINK_TM_MEMORY:-1536m}"
JARS="$CACHE/jars-flink-$FLINK_VERSION-beam-$BEAM_FLINK_RUNNER_VERSION"
BOOT="$CACHE/boot-$SDK_VERSION/boot"
WORKER_COMMAND="$CACHE/boot-$SDK_VERSION/worker.sh"
DEPS_VENV="$CACHE/worker-deps-venv"
BUILD_TOOLS="setuptools>=70.1 wheel"     # boot installs the staged package without build isolation
RUN="$CACHE/run"

say() { echo "flink_cluster.sh: $*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { say "$1 not found on PATH: $2"; exit 3; }; }

resolve_jars() {
  [[ -f "$JARS/.complete" ]] && return
  need mvn "install Maven (apt-get install maven)"
  need java "install a Java 11+ runtime (apt-get install default-jre-headless)"
  say "resolving beam-runners-flink-$FLINK_VERSION:$BEAM_FLINK_RUNNER_VERSION and its dependencies into $JARS"
  local pom_dir
  pom_dir="$(mktemp -d)"
  cat > "$pom_dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.news-claims</groupId>
  <artifactId>flink-job-server</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>org.apache.beam</groupId>
      <artifactId>beam-runners-flink-$FLINK_VERSION</artifactId>
      <version>$BEAM_FLINK_RUNNER_VERSION</version>
    </dependency>
    <dependency><!-- logs for the cluster processes -->
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-simple</artifactId>
      <version>1.7.30</version>
    </dependency>
  </dependencies>
</project>
EOF
  rm -rf "$JARS.tmp"
  mvn -q -B -f "$pom_dir/pom.xml" dependency:copy-dependencies -DoutputDirectory="$JARS.tmp" >&2
  rm -rf "$pom_dir" "$JARS"
  touch "$JARS.tmp/.complete"
  mv "$JARS.tmp" "$JARS"
}

build_boot() {
  [[ -x "$BOOT" ]] && return
  need go "install Go (https://go.dev/dl) to build Beam's Python boot binary"
  say "building Beam's Python SDK boot binary $SDK_VERSION"
  local bin
  bin="$(mktemp -d)"
  GOBIN="$bin" go install "github.com/apache/beam/sdks/v2/python/container@$SDK_VERSION" >&2
  mkdir -p "$(dirname "$BOOT")"
  mv "$bin/container" "$BOOT"
  rm -rf "$bin"
}

write_worker_command() {   # boot with the TaskManager's own download directory
  mkdir -p "$(dirname "$WORKER_COMMAND")"
  cat > "$WORKER_COMMAND" <<'EOF'
#!/bin/sh
exec "$(dirname "$0")/boot" ${NEWS_CLAIMS_WORKER_DIR:+--semi_persist_dir="$NEWS_CLAIMS_WORKER_DIR"} "$@"
EOF
  chmod +x "$WORKER_COMMAND"
}

make_deps_venv() {
  local stamp
  stamp="$DEPS_VENV/.deps-$( (cat "$ROOT/setup.py"; echo "$BUILD_TOOLS") | sha256sum | cut -c1-16)"
  [[ -f "$stamp" ]] && return
  say "creating the workers' dependencies virtualenv $DEPS_VENV"
  rm -rf "$DEPS_VENV"
  python3 -m venv "$DEPS_VENV"
  "$DEPS_VENV/bin/python" -m pip install -q --upgrade pip >&2
  # shellcheck disable=SC2086 # BUILD_TOOLS are words
  "$DEPS_VENV/bin/python" -m pip install -q "$ROOT" $BUILD_TOOLS >&2
  "$DEPS_VENV/bin/python" -m pip uninstall -q -y news-claims >&2     # each job stages its own copy
  touch "$stamp"
}

deps_site_packages() { "$DEPS_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }

make_taskmanager_worker_env() {   # n: a venv that receives the jobs' packages, a boot directory
  python3 -m venv "$RUN/worker-$1/venv"
  mkdir -p "$RUN/worker-$1/boot"
}

write_config() {
  mkdir -p "$RUN/conf"
  cat > "$RUN/conf/config.yaml" <<EOF
jobmanager:
  rpc: {address: localhost, port: $RPC_PORT}
  bind-host: localhost
  memory: {process: {size: 1024m}}
taskmanager:
  bind-host: localhost
  host: localhost
  numberOfTaskSlots: 1
  memory: {process: {size: $TM_MEMORY}, managed: {fraction: 0.05}}
rest: {address: localhost, bind-address: localhost, port: $REST_PORT}
parallelism: {default: 2}
EOF
}

classpath() { echo "$JARS/*"; }

start_process() {   # name, then the java arguments; run in $RUN (workers write files to their directory)
  local name="$1"; shift
  (cd "$RUN" && exec nohup java -cp "$(classpath)" "$@" > "$RUN/$name.log" 2>&1) &
  echo $! > "$RUN/$name.pid"
}

alive() { [[ -f "$RUN/$1.pid" ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

registered_taskmanagers() {
  curl -fsS "http://localhost:$REST_PORT/overview" 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["taskmanagers"])' 2>/dev/null || echo -1
}

port_open() { python3 -c "import socket,sys; socket.create_connection(('localhost', $1), 1)" 2>/dev/null; }

wait_for() {   # what, seconds, command...
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if (( SECONDS >= deadline )); then say "$what did not come up in ${seconds}s; logs in $RUN"; exit 1; fi
    sleep 1
  done
}

start_job_server() {   # flink master HOST:PORT
  mkdir -p "$RUN/artifacts"
  start_process jobserver org.apache.beam.runners.flink.FlinkJobServerDriver \
    --flink-master "$1" --job-port "$JOB_PORT" --artifact-port 0 --expansion-port 0 \
    --artifacts-dir "$RUN/artifacts"
  wait_for "the job server" 120 port_open "$JOB_PORT"
}

start() {
  local taskmanagers="${1:-2}"
  if alive jobmanager; then say "already running (stop it first)"; status; return; fi
  resolve_jars
  build_boot
  write_worker_command
  make_deps_venv
  rm -rf "$RUN"
  write_config
  start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$RUN/conf"
  # The TaskManager's memory options, as Flink's own scripts compute them.
  local resources jvm_args dynamic_args
  resources="$(java -cp "$(classpath)" org.apache.flink.runtime.util.bash.BashJavaUtils \
      GET_TM_RESOURCE_PARAMS --configDir "$RUN/conf" 2>/dev/null | grep '^BASH_JAVA_UTILS_EXEC_RESULT:')"
  jvm_args="$(sed -n 1p <<< "$resources" | cut -d: -f2-)"
  dynamic_args="$(sed -n 2p <<< "$resources" | cut -d: -f2-)"
  local n deps
  deps="$(deps_site_packages)"
  for n in $(seq 1 "$taskmanagers"); do
    make_taskmanager_worker_env "$n"
    # The ProcessManager logger at debug lets the workers' output into the TaskManager's log.
    # shellcheck disable=SC2086 # the computed options are words
    PATH="$RUN/worker-$n/venv/bin:$PATH" PYTHONPATH="$deps" RUN_PYTHON_SDK_IN_DEFAULT_ENVIRONMENT=1 \
      NEWS_CLAIMS_WORKER_DIR="$RUN/worker-$n/boot" start_process "taskmanager-$n" $jvm_args \
      -Dorg.slf4j.simpleLogger.log.org.apache.beam.runners.fnexecution.environment.ProcessManager=debug \
      org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$RUN/conf" \
      $dynamic_args -D "taskmanager.resource-id=taskmanager-$n"
  done
  echo "$taskmanagers" > "$RUN/taskmanagers"
  wait_for "$taskmanagers TaskManagers" 120 test_taskmanagers "$taskmanagers"
  start_job_server "localhost:$REST_PORT"
  status
}

test_taskmanagers() { [[ "$(registered_taskmanagers)" == "$1" ]]; }

stop() {
  local pidfile
  for pidfile in "$RUN"/*.pid; do
    [[ -e "$pidfile" ]] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$RUN"/*.pid; do
    [[ -e "$pidfile" ]] || continue
    local pid deadline=$((SECONDS + 30))
    pid="$(cat "$pidfile")"
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  say "stopped"
}

status() {
  local up=0
  if alive jobmanager && [[ "$(registered_taskmanagers)" -ge 1 ]] && port_open "$JOB_PORT"; then up=1; fi
  echo "jobmanager: $(alive jobmanager && echo running || echo stopped), web UI http://localhost:$REST_PORT"
  echo "taskmanagers registered: $(registered_taskmanagers)"
  echo "job server: $(port_open "$JOB_PORT" && echo "localhost:$JOB_PORT" || echo stopped)"
  (( up ))
}

options() {
  cat <<EOF
--runner=FlinkRunner
--flink_master=localhost:$REST_PORT
--job_endpoint=localhost:$JOB_PORT
--environment_type=PROCESS
--environment_config={"command": "$WORKER_COMMAND"}
EOF
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  status) status ;;
  options) options ;;
  jobserver)
    [[ -n "${2:-}" ]] || { say "usage: $0 jobserver HOST:PORT (the Flink REST address, e.g. jobmanager:8081)"; exit 2; }
    resolve_jars; build_boot; mkdir -p "$RUN"; start_job_server "$2"
    say "job server on localhost:$JOB_PORT for $2; the workers' boot binary: $BOOT" ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
