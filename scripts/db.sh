#!/usr/bin/env bash
# Project-local PostgreSQL + PostGIS cluster: start | stop | status | remove | backup [FILE] | restore FILE.
# With DATABASE_URL (or CLSM_DATABASE_URL) set, only checks that server and does nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${CLSM_PGPORT:-5433}
DB_NAME=${CLSM_PGDATABASE:-clsm}
EXTERNAL_URL=${DATABASE_URL:-${CLSM_DATABASE_URL:-}}

say() { printf '[db] %s\n' "$*"; }
die() { printf '[db] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# The cluster lives in the project (.pgdata, .pgsock) unless the postgres user cannot reach it:
# a checkout under /root (mode 700) then gets a folder of its own under /var/lib/postgresql,
# named after the checkout's path so every command finds the same one.
choose_dirs() {
  PGDATA_DIR=${CLSM_PGDATA:-$ROOT/.pgdata}
  SOCK_DIR=${CLSM_PGSOCK:-$ROOT/.pgsock}
  if [ -z "${CLSM_PGDATA:-}" ] && is_root && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$ROOT"; then
    local home=/var/lib/postgresql/clsm-$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)
    PGDATA_DIR=$home/data
    SOCK_DIR=${CLSM_PGSOCK:-$home/sock}
    mkdir -p "$home" && chown postgres "$home"
  fi
  LOG=$PGDATA_DIR.log
}
choose_dirs

apt_install() {
  is_root || die "missing system packages: $*. Install them (as root: apt-get install -y $*) and run again."
  say "installing $* with apt-get"
  if [ ! -f /var/lib/apt/lists/.clsm-updated ] || [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock)" ]; then
    apt-get update -qq && touch /var/lib/apt/lists/.clsm-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_server_packages() {
  [ -n "$(pg_bindir)" ] || apt_install postgresql
  local bindir ver
  bindir=$(pg_bindir); ver=$(basename "$(dirname "$bindir")")
  [ -f "/usr/share/postgresql/$ver/extension/postgis.control" ] || apt_install "postgresql-$ver-postgis-3"
}

# PostgreSQL refuses to run as root: run it as the postgres system user.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

running() { as_pg "$(pg_bindir)/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; }

start() {
  if [ -n "$EXTERNAL_URL" ]; then
    say "DATABASE_URL is set: using that server, no local cluster"; return 0
  fi
  ensure_server_packages
  local bin; bin=$(pg_bindir)
  if is_root; then
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  fi
  choose_dirs  # the postgres user may have just been created
  mkdir -p "$PGDATA_DIR" "$SOCK_DIR"
  if is_root; then chown postgres "$PGDATA_DIR" "$SOCK_DIR"; chmod 700 "$PGDATA_DIR"; fi
  if ! as_pg test -w "$PGDATA_DIR"; then
    die "$PGDATA_DIR is not writable by the postgres user (a parent folder is closed to it?): set CLSM_PGDATA and CLSM_PGSOCK to a folder it can reach"
  fi
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "initialising cluster in $PGDATA_DIR"
    as_pg "$bin/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if running; then
    say "already running on port $PORT"
  else
    touch "$LOG"; is_root && chown postgres "$LOG"
    # Loopback + project socket only; trust auth is acceptable for a local development cluster.
    # fsync, full_page_writes and synchronous_commit stay on (PostgreSQL's defaults): an acknowledged
    # edit survives a crash (tests/test_durability.py). Only the tests' throwaway databases relax
    # synchronous_commit, per database (tests/conftest.py).
    as_pg "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$LOG" -w -t 60 start \
      -o "-p $PORT -k $SOCK_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=${CLSM_PG_SHARED_BUFFERS:-512MB} -c work_mem=64MB -c maintenance_work_mem=512MB" >/dev/null \
      || { tail -n 20 "$LOG" >&2; die "PostgreSQL did not start (log: $LOG)"; }
    say "started on port $PORT (socket $SOCK_DIR)"
  fi
  local psql="$bin/psql -h $SOCK_DIR -p $PORT -U postgres -v ON_ERROR_STOP=1 -qAt"
  if [ "$($psql -d postgres -c "select 1 from pg_database where datname='$DB_NAME'")" != 1 ]; then
    $psql -d postgres -c "create database $DB_NAME"
    say "created database $DB_NAME"
  fi
  $psql -d "$DB_NAME" -c "create extension if not exists postgis" 2>&1 | grep -v NOTICE || true
}

stop() {
  [ -f "$PGDATA_DIR/PG_VERSION" ] || { say "no local cluster"; return 0; }
  if running; then as_pg "$(pg_bindir)/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null; say "stopped"; else say "not running"; fi
}

remove() {
  stop
  rm -rf "$PGDATA_DIR" "$SOCK_DIR" "$LOG"
  case "$(dirname "$PGDATA_DIR")" in /var/lib/postgresql/clsm-*) rmdir "$(dirname "$PGDATA_DIR")" 2>/dev/null || true ;; esac
  say "removed $PGDATA_DIR"
}

status() {
  if [ -n "$EXTERNAL_URL" ]; then say "external DATABASE_URL"; return 0; fi
  if [ -n "$(pg_bindir)" ] && running; then say "running on port $PORT"; else say "not running"; return 3; fi
}

psql_local() { "$(pg_bindir)/psql" -h "$SOCK_DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

# pg_dump custom format (compressed, restorable table by table) into backups/ or $2.
backup() {
  local out=${1:-backups/$DB_NAME-$(date -u +%Y%m%dT%H%M%SZ).dump} bin; bin=$(pg_bindir)
  mkdir -p "$(dirname "$out")"
  if [ -n "$EXTERNAL_URL" ]; then
    "$bin/pg_dump" -Fc -f "$out.partial" "${EXTERNAL_URL/+psycopg/}"
  else
    "$bin/pg_dump" -Fc -f "$out.partial" -h "$SOCK_DIR" -p "$PORT" -U postgres "$DB_NAME"
  fi
  "$bin/pg_restore" --list "$out.partial" >/dev/null  # a readable archive, or no backup at all
  mv "$out.partial" "$out"
  say "backup written: $out ($(du -h "$out" | cut -f1))"
}

# Restore into a new database, check it, then swap it in; the previous one is kept, renamed.
restore() {
  local file=${1:?usage: scripts/db.sh restore FILE} bin tmp old count
  [ -z "$EXTERNAL_URL" ] || die "restore works on the local cluster; for another server see docs/scaling.md"
  bin=$(pg_bindir); tmp="${DB_NAME}_restoring"; old="${DB_NAME}_before_restore_$(date -u +%Y%m%dT%H%M%SZ)"
  "$bin/pg_restore" --list "$file" >/dev/null || die "$file is not a pg_dump custom-format archive"
  psql_local -d postgres -c "DROP DATABASE IF EXISTS $tmp" -c "CREATE DATABASE $tmp"
  "$bin/pg_restore" --exit-on-error --no-owner -h "$SOCK_DIR" -p "$PORT" -U postgres -d "$tmp" "$file" \
    || { psql_local -d postgres -c "DROP DATABASE $tmp"; die "restore of $file failed; $DB_NAME unchanged"; }
  count=$(psql_local -d "$tmp" -c "SELECT (SELECT count(*) FROM alembic_version) || ' ' || (SELECT count(*) FROM geo.commune)")
  [ "${count%% *}" = 1 ] || { psql_local -d postgres -c "DROP DATABASE $tmp"; die "restored copy has no migration version; $DB_NAME unchanged"; }
  psql_local -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB_NAME'" >/dev/null
  psql_local -d postgres -c "ALTER DATABASE $DB_NAME RENAME TO $old" -c "ALTER DATABASE $tmp RENAME TO $DB_NAME"
  say "restored $file into $DB_NAME (${count#* } communes); previous database kept as $old"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  remove) remove ;;
  backup) backup "${2:-}" ;;
  restore) restore "${2:-}" ;;
  *) die "usage: scripts/db.sh start|stop|status|remove|backup [FILE]|restore FILE" ;;
esac
