#!/usr/bin/env bash
# What a change does to a clean build of bitrix-api, side by side: this checkout against
# another worktree (each with its own target dir, dependencies built), interleaved one
# build at a time so that both sides see the same machine. Prints one line per build:
# tree, features, round, wall seconds, CPU seconds, peak KB (the largest process).
#
#   git worktree add ../base <commit>
#   ROUNDS=2 bench/feature_cost_pair.sh ../base default crm-deal crm full
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD
base=$(cd "$1" && pwd)
shift
export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=line-tables-only
rounds=${ROUNDS:-2}
for tree in "$base" "$here"; do
    for feature in "$@"; do   # dependencies, once per tree and feature set
        if [ "$feature" = default ]; then args=(); else args=(--features "$feature"); fi
        (cd "$tree" && cargo build -q -p bitrix-api "${args[@]}")
    done
done
for feature in "$@"; do
    if [ "$feature" = default ]; then args=(); else args=(--features "$feature"); fi
    for round in $(seq 1 "$rounds"); do
        for tree in "$base" "$here"; do
            name=$([ "$tree" = "$here" ] && echo this || echo base)
            (cd "$tree" && cargo clean -q -p bitrix-api &&
                /usr/bin/time -f "%e %U %S %M" -o /tmp/feature_cost_pair.$$ cargo build -q -p bitrix-api "${args[@]}")
            read -r wall user sys kb < /tmp/feature_cost_pair.$$
            cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
            printf '%s\t%s\tround %s\t%s s\t%s s cpu\t%s KB\n' "$name" "$feature" "$round" "$wall" "$cpu" "$kb"
        done
    done
done
rm -f /tmp/feature_cost_pair.$$
