#!/bin/sh
# The README's test command: installs what is missing, then runs every layer (unit, integration
# against private redis-servers, interop against real PHP + Laravel). Extra arguments go to vitest.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
exec npx vitest run "$@"
