#!/usr/bin/env bash
# One command for the test environment borrowcache's tests expect:
# Chromium from Debian, npm dependencies from the lockfile, Redis on 127.0.0.1:6379,
# a local 3-master Redis Cluster on 127.0.0.1:6390-6392 (REDIS_CLUSTER_NODES), and for
# the keyv adapter tests: memcached from Debian (each test starts its own on a free port),
# a PostgreSQL role and database and a MariaDB user and database of the tests' own
# (BORROWCACHE_PG_URL, BORROWCACHE_MYSQL_URL; created idempotently, as root). The failover
# tests start a cluster with replicas of their own (3 masters + 3 replicas on free loopback
# ports, stopped by PID: test/helpers/redis-cluster.ts), since they kill masters; see docs/redis.md.
#
#   scripts/setup-test-env.sh                      install, start Redis + cluster, run `npm test`, stop the cluster
#   scripts/setup-test-env.sh --no-install         same without apt-get / npm ci (keeps your node_modules)
#   scripts/setup-test-env.sh --no-install -- npm test -- stores
#                                                  run any command inside the environment instead of `npm test`
#   source scripts/setup-test-env.sh               only define the functions (.ci/run does this)
#
# The keyv adapter tests skip an adapter whose server is missing, saying so (outside CI):
# without root, create the database and user once by hand (the SQL in ensure_postgres_db and
# ensure_mariadb_db) and install memcached.
#
# The cluster lives in a mktemp directory and is stopped by PID when the script
# exits, whatever the outcome. A cluster already answering on 6390-6392 is reused
# and left alone. Redis on 6379 is started only if `redis-cli ping` fails, and
# left running (it is the machine's, not ours). Needs root only to install Chromium.
set -euo pipefail

readonly BORROWCACHE_CLUSTER_PORTS=(6390 6391 6392)
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export REDIS_CLUSTER_NODES="127.0.0.1:6390,127.0.0.1:6391,127.0.0.1:6392"
# The tests' own database and user: nothing else on these servers is read or written.
readonly BORROWCACHE_DB=borrowcache_test
export BORROWCACHE_PG_URL="${BORROWCACHE_PG_URL:-postgresql://$BORROWCACHE_DB:$BORROWCACHE_DB@127.0.0.1:5432/$BORROWCACHE_DB}"
export BORROWCACHE_MYSQL_URL="${BORROWCACHE_MYSQL_URL:-mysql://$BORROWCACHE_DB:$BORROWCACHE_DB@127.0.0.1:3306/$BORROWCACHE_DB}"
BORROWCACHE_CLUSTER_DIR=""

say() { echo "[test-env] $*" >&2; }

install_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    say "chromium present: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"
    return
  fi
  if [[ "$(id -u)" != 0 ]]; then
    say "no /usr/bin/chromium and not root: run 'sudo apt-get install -y chromium' for the browser tests"
    return
  fi
  say "installing chromium from Debian (about 75 s)"
  DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium </dev/null
}

install_npm_deps() {
  say "npm ci"
  # engine-strict refuses any dependency that needs a newer Node than 20.
  npm ci --engine-strict --no-audit --no-fund </dev/null
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "redis on 6379 answers"
    return
  fi
  if ! command -v redis-server >/dev/null; then
    say "installing redis-server from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server </dev/null
  fi
  say "starting redis on 6379"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for_ping 6379
}

wait_for_ping() {
  local port=$1 attempt
  for attempt in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  say "redis on $port does not answer after 10 s"
  return 1
}

cluster_is_ok() {
  local port
  for port in "${BORROWCACHE_CLUSTER_PORTS[@]}"; do
    redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q "cluster_state:ok" || return 1
  done
}

start_redis_cluster() {
  if cluster_is_ok; then
    say "redis cluster on 6390-6392 already up: reusing it"
    return
  fi
  BORROWCACHE_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/borrowcache-cluster.XXXXXX")
  trap stop_redis_cluster EXIT
  local port attempt
  for port in "${BORROWCACHE_CLUSTER_PORTS[@]}"; do
    # The cluster bus listens on port + 10000 (16390-16392).
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file "$BORROWCACHE_CLUSTER_DIR/$port.nodes.conf" --cluster-node-timeout 2000 \
      --save "" --appendonly no --dir "$BORROWCACHE_CLUSTER_DIR" --daemonize yes \
      --pidfile "$BORROWCACHE_CLUSTER_DIR/$port.pid" --logfile "$BORROWCACHE_CLUSTER_DIR/$port.log"
  done
  for port in "${BORROWCACHE_CLUSTER_PORTS[@]}"; do wait_for_ping "$port"; done
  redis-cli --cluster create 127.0.0.1:6390 127.0.0.1:6391 127.0.0.1:6392 \
    --cluster-replicas 0 --cluster-yes </dev/null >"$BORROWCACHE_CLUSTER_DIR/create.log" 2>&1
  for attempt in $(seq 1 100); do
    cluster_is_ok && { say "redis cluster up on $REDIS_CLUSTER_NODES"; return 0; }
    sleep 0.1
  done
  say "redis cluster did not reach cluster_state:ok; see $BORROWCACHE_CLUSTER_DIR/create.log"
  return 1
}

# Quiet on purpose: it runs after the tests, whose summary must stay the last output.
stop_redis_cluster() {
  [[ -n "$BORROWCACHE_CLUSTER_DIR" && -d "$BORROWCACHE_CLUSTER_DIR" ]] || return 0
  local port pid attempt
  for port in "${BORROWCACHE_CLUSTER_PORTS[@]}"; do
    [[ -f "$BORROWCACHE_CLUSTER_DIR/$port.pid" ]] || continue
    pid=$(cat "$BORROWCACHE_CLUSTER_DIR/$port.pid")
    kill "$pid" 2>/dev/null || continue
    for attempt in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$BORROWCACHE_CLUSTER_DIR"
  BORROWCACHE_CLUSTER_DIR=""
}

install_memcached() {
  if command -v memcached >/dev/null; then
    say "memcached present: $(memcached -V)"
    return
  fi
  if [[ "$(id -u)" != 0 ]]; then
    say "no memcached and not root: run 'sudo apt-get install -y memcached' for the @keyv/memcache tests"
    return
  fi
  say "installing memcached from Debian (the tests start their own, on a free port)"
  DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q memcached </dev/null
}

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local port=$1 attempt
  for attempt in $(seq 1 100); do port_answers "$port" && return 0; sleep 0.1; done
  return 1
}

# A database server installed but stopped (this machine kind runs both) is started; a missing one is not installed.
start_postgres_if_down() {
  port_answers 5432 && return 0
  [[ "$(id -u)" == 0 ]] && command -v pg_lsclusters >/dev/null || return 0
  local cluster
  cluster=$(pg_lsclusters -h | awk '$3 == 5432 { print $1, $2; exit }')
  [[ -n "$cluster" ]] || return 0
  say "starting PostgreSQL cluster $cluster"
  # shellcheck disable=SC2086 # "version name", two arguments
  pg_ctlcluster $cluster start </dev/null || true
  wait_for_port 5432 || true
}

start_mariadb_if_down() {
  port_answers 3306 && return 0
  [[ "$(id -u)" == 0 ]] && command -v mariadbd-safe >/dev/null || return 0
  say "starting MariaDB"
  service mariadb start </dev/null >/dev/null 2>&1 || true
  wait_for_port 3306 || true
}

# From / so that psql, run as postgres, does not complain about a directory it cannot read.
as_postgres() { (cd / && su postgres -c "$1"); }

# The role and database of the tests, created once; an existing one is left as it is.
ensure_postgres_db() {
  start_postgres_if_down
  if ! port_answers 5432; then
    say "no PostgreSQL on 127.0.0.1:5432: the @keyv/postgres tests will say they are skipped"
    return
  fi
  if [[ "$(id -u)" != 0 ]] || ! id postgres >/dev/null 2>&1; then
    say "PostgreSQL answers; not root, so role and database '$BORROWCACHE_DB' are assumed to exist"
    return
  fi
  if [[ "$(as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$BORROWCACHE_DB'\"" </dev/null)" != 1 ]]; then
    as_postgres "psql -qc \"CREATE ROLE $BORROWCACHE_DB LOGIN PASSWORD '$BORROWCACHE_DB'\"" </dev/null
  fi
  if [[ "$(as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '$BORROWCACHE_DB'\"" </dev/null)" != 1 ]]; then
    as_postgres "psql -qc \"CREATE DATABASE $BORROWCACHE_DB OWNER $BORROWCACHE_DB\"" </dev/null
  fi
  say "PostgreSQL: role and database '$BORROWCACHE_DB' ready"
}

ensure_mariadb_db() {
  start_mariadb_if_down
  if ! port_answers 3306; then
    say "no MariaDB on 127.0.0.1:3306: the @keyv/mysql tests will say they are skipped"
    return
  fi
  if ! mysql -h 127.0.0.1 -u root -e "SELECT 1" >/dev/null 2>&1 </dev/null; then
    say "MariaDB answers; root cannot log in, so user and database '$BORROWCACHE_DB' are assumed to exist"
    return
  fi
  mysql -h 127.0.0.1 -u root </dev/null <<SQL
CREATE DATABASE IF NOT EXISTS $BORROWCACHE_DB;
CREATE USER IF NOT EXISTS '$BORROWCACHE_DB'@'127.0.0.1' IDENTIFIED BY '$BORROWCACHE_DB';
GRANT ALL ON $BORROWCACHE_DB.* TO '$BORROWCACHE_DB'@'127.0.0.1';
SQL
  say "MariaDB: user and database '$BORROWCACHE_DB' ready"
}

main() {
  local install=1
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --no-install) install=0; shift ;;
      --) shift; break ;;
      *) say "unknown option '$1': use --no-install, then -- <command>"; return 2 ;;
    esac
  done
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  if [[ $install == 1 ]]; then
    install_chromium
    install_npm_deps
    install_memcached
  fi
  ensure_redis
  ensure_postgres_db
  ensure_mariadb_db
  start_redis_cluster
  if [[ $# -eq 0 ]]; then set -- npm test; fi
  "$@"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
