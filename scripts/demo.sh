#!/bin/sh
# The README's demo command: installs what is missing, then runs examples/demo/run.ts.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
exec npx tsx examples/demo/run.ts
