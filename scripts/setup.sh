#!/bin/sh
# Installs what the demo and the tests need on a fresh machine: Debian packages (as root, with apt)
# and the npm dependencies. Safe to run again: it only installs what is missing.
set -eu
cd "$(dirname "$0")/.."

node -e '
const [maj, min] = process.versions.node.split(".").map(Number);
if (maj < 20 || (maj === 20 && min < 19)) {
  console.error(`laravel-redis-bridge needs Node.js >= 20.19, this is ${process.versions.node}.`);
  process.exit(1);
}'

# binary-or-file to check, then the Debian package that provides it
missing=""
need() { [ -e "$1" ] || command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need redis-server redis-server
need php php-cli
need /usr/share/php/Illuminate/autoload.php php-laravel-framework
# PHP extensions the interop tests load: redis (phpredis), and pdo_sqlite for Laravel's failed_jobs.
if command -v php >/dev/null 2>&1; then
  php -r 'exit(extension_loaded("redis") ? 0 : 1);' || missing="$missing php-redis"
  php -r 'exit(extension_loaded("pdo_sqlite") ? 0 : 1);' || missing="$missing php-sqlite3"
else
  missing="$missing php-redis php-sqlite3"
fi

if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "Missing system packages:$missing" >&2
    echo "Install them with: sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi

# The failed-jobs tests also use PostgreSQL and MariaDB on 127.0.0.1 (postgres / root without a
# password, database `test`): start them when they are installed but stopped (as root).
if [ "$(id -u)" = "0" ]; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] && ! pg_isready -q -h 127.0.0.1 2>/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  if [ -x /usr/sbin/mariadbd ] && ! mariadb-admin ping -h 127.0.0.1 --silent >/dev/null 2>&1; then
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  fi
fi

# npm ci when node_modules is absent or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
