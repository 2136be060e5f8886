#!/usr/bin/env bash
# Would one crate per section pay (issue 21's "split into compilation units")? Measures it
# before the crate layout changes: `full` as one crate (bitrix-api --features full) against
# the same pages as one crate per section, side by side, interleaved one build at a time.
#
#   ROUNDS=2 bench/split_cost.sh
#
# The split side is a scratch workspace (in $SPLIT_DIR, default $TMPDIR/bitrix-split): one
# crate per section folder that bitrix-api's `full` binds (`crm` whole, `tasks`, …, the
# push-and-pull pages), each `bitrix_api::bind!` of that folder as an app binds its pages
# (a call struct per method: only bitrix-api may add methods to `bitrix_api::Call`), each
# depending on bitrix-api with its default features (the runtime and its six always-on
# methods). A clean build of that side rebuilds bitrix-api (default) and every section
# crate, two at a time on 2 cores; the one-crate side rebuilds bitrix-api with `full`.
#
# Prints per build: side, round, wall s, CPU s, peak KB of the largest process (what
# feature_cost_pair.sh reports), and the most resident memory of all rustc processes at
# one moment (sampled every 0.1 s: what two builds side by side add up to).
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD
export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=line-tables-only
rounds=${ROUNDS:-2}
split=${SPLIT_DIR:-${TMPDIR:-/tmp}/bitrix-split}

# The top-level folders bitrix-api binds, from its own `bind!` call.
folders=$(grep -oE '"(api-reference/[a-z-]+(/rpa)?|settings/interactivity/push-and-pull)" =>' \
    bitrix-api/src/methods.rs | tr -d '"' | sed 's/ =>//' | sort -u |
    awk -F/ '{ print ($1 == "settings" || $2 == "outdated") ? $0 : $1 "/" $2 }' | sort -u)

rm -rf "$split"
mkdir -p "$split"
members=()
for folder in $folders; do
    name="s-$(basename "$folder")"
    members+=("\"$name\"")
    mkdir -p "$split/$name/src"
    cat > "$split/$name/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
bitrix-api = { path = "$here/bitrix-api" }
EOF
    cat > "$split/$name/build.rs" <<EOF
fn main() {
    println!("cargo:rustc-env=BITRIX_BIND_WATCHED=$here/docs");
}
EOF
    echo "bitrix_api::bind!(\"$here/docs/$folder\", skip_invalid);" > "$split/$name/src/lib.rs"
done
cat > "$split/Cargo.toml" <<EOF
[workspace]
resolver = "2"
members = [$(IFS=,; echo "${members[*]}")]
EOF
echo "split side: ${#members[@]} section crates in $split" >&2

# Dependencies, once per side.
cargo build -q -p bitrix-api --features full
(cd "$split" && cargo build -q --workspace 2>/dev/null)

sample() {   # most resident KB of all rustc processes at once, until $1 exists
    local max=0 now
    while [ ! -e "$1" ]; do
        now=$( (ps -C rustc -o rss= 2>/dev/null || true) | awk '{ s += $1 } END { print s + 0 }')
        [ "$now" -gt "$max" ] && max=$now
        sleep 0.1
    done
    echo "$max"
}

measure() {   # side, round, directory, clean args, build args
    local side=$1 round=$2 dir=$3 clean=$4 build=$5 stop=/tmp/split_cost.stop.$$
    (cd "$dir" && cargo clean -q $clean)
    rm -f "$stop"
    sample "$stop" > /tmp/split_cost.sum.$$ &
    (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o /tmp/split_cost.$$ cargo build -q $build 2>/dev/null)
    touch "$stop"
    wait
    read -r wall user sys kb < /tmp/split_cost.$$
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
    printf '%s\tround %s\t%s s\t%s s cpu\t%s KB largest\t%s KB all rustc at once\n' \
        "$side" "$round" "$wall" "$cpu" "$kb" "$(cat /tmp/split_cost.sum.$$)"
}

sections=$(printf -- '-p %s ' "${members[@]//\"/}")
for round in $(seq 1 "$rounds"); do
    measure "one crate (full)" "$round" "$here" "-p bitrix-api" "-p bitrix-api --features full"
    measure "a crate per section" "$round" "$split" "-p bitrix-api $sections" "--workspace"
done
rm -f /tmp/split_cost.$$ /tmp/split_cost.sum.$$ /tmp/split_cost.stop.$$
