#!/usr/bin/env bash
# What each feature costs a clean build of bitrix-api (debug, dependencies already built):
# for each feature given (`default` for none), `cargo clean -p bitrix-api`, then
# `cargo build -p bitrix-api --features X` under /usr/bin/time; prints seconds and peak KB.
#
#   bench/feature_cost.sh default crm-deal crm tasks full
#   ROUNDS=3 bench/feature_cost.sh default crm      # rounds interleaved over the features
#
# To compare two commits side by side, run it in two worktrees (each with its own target
# dir) alternately, one feature and one round at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=line-tables-only
rounds=${ROUNDS:-1}
cargo build -q -p bitrix-api    # dependencies, once
for round in $(seq 1 "$rounds"); do
    for feature in "$@"; do
        cargo clean -q -p bitrix-api
        if [ "$feature" = default ]; then args=(); else args=(--features "$feature"); fi
        /usr/bin/time -f "%e %M" -o /tmp/feature_cost.$$ cargo build -q -p bitrix-api "${args[@]}"
        read -r secs kb < /tmp/feature_cost.$$
        printf '%s\tround %s\t%s s\t%s KB\n' "$feature" "$round" "$secs" "$kb"
    done
done
rm -f /tmp/feature_cost.$$
