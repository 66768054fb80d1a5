#!/usr/bin/env bash
# The pre-commit hooks' entry (see .pre-commit-hooks.yaml): builds lighthouse-offer from the clone
# of the repository this script is in, once (cargo, with the `cli` feature), then runs it with the
# arguments pre-commit gives: the command, the hook's `args`, the files.
set -euo pipefail
repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$repository/target/pre-commit"
if [ ! -x "$root/bin/lighthouse-offer" ]; then
    echo "building lighthouse-offer (once)..." >&2
    cargo install --quiet --locked --features cli --path "$repository" --root "$root" >&2
fi
exec "$root/bin/lighthouse-offer" "$@"
