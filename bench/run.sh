#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md, in one run: creates the Python virtualenv for
# fast_bitrix24, builds the emulator binary and the bench binaries (release), runs both
# sides and prints the tables. Loopback only; each step is bounded in time.
#
#   bench/run.sh            # everything
#   bench/run.sh bulk       # only the bulk tables (and benchmarks/bulk.svg)
#   bench/run.sh crm        # only fast_bitrix24's crm walk against the emulator binary
#   bench/run.sh sections   # only fast_bitrix24 on tasks, users, Drive and chats (official pages)
#   bench/run.sh write      # bulk write at the plan's real-time limits, latency on (~8 min)
#   bench/run.sh export     # 100,000 deals read back, both clients, two interleaved rounds (and benchmarks/export.svg; ~8 min)
#   bench/run.sh overhead   # client overhead vs bare reqwest, bulk memory
#   bench/run.sh build      # build cost: app builds per feature set (~25 min), bind! expansion
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
VENV=$TARGET/bench-venv
only=${1:-all}

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV with fast_bitrix24"
    python3.11 -m venv "$VENV" 2>/dev/null || python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check fast_bitrix24
fi
echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "== fast_bitrix24 $("$VENV/bin/python" -c 'import fast_bitrix24.__version__ as v; print(v.__version__)')"

echo "== building (release)"
# One invocation, so bitrix-api is built once with the features both need.
cargo build --release --quiet -p bitrix-emulator --bin bitrix-emulator -p bitrix-bench --bins
BIN=$TARGET/release
crm_walk() {
    echo; echo "== fast_bitrix24 against the emulator binary: deals, links, a user field, crm.item"
    timeout 300 "$VENV/bin/python" bench/fast_bitrix24_crm.py "$BIN/bitrix-emulator"
}
if [ "$only" = crm ]; then
    crm_walk
    exit
fi
if [ "$only" = sections ]; then
    echo; echo "== fast_bitrix24 against the emulator binary: tasks, users, Drive, chats"
    timeout 300 "$VENV/bin/python" bench/fast_bitrix24_sections.py "$BIN/bitrix-emulator" \
        "${B24RESTDOCS:-$ROOT/../shared/b24restdocs}/api-reference"
    exit
fi

if [ "$only" = all ] || [ "$only" = bulk ]; then
    echo; echo "== 1. bulk at the portal's ceiling"
    timeout 300 "$BIN/bulk" ceiling --runs 3
    echo; echo "== 2. bulk, side by side with fast_bitrix24"
    timeout 600 "$BIN/bulk" compare --runs 3 --python "$VENV/bin/python" \
        --emulator "$BIN/bitrix-emulator" --svg "$ROOT/benchmarks/bulk.svg"
fi
if [ "$only" = all ] || [ "$only" = write ]; then
    echo; echo "== 5. bulk write at the plan's real-time limits (2/s, 50), latency on"
    timeout 1800 "$BIN/bulk" write --runs 1 --python "$VENV/bin/python" \
        --emulator "$BIN/bitrix-emulator"
fi
if [ "$only" = all ] || [ "$only" = export ]; then
    echo; echo "== 6. bulk export: 100,000 deals, both clients, latency on"
    timeout 1800 "$BIN/export" --runs 2 --python "$VENV/bin/python" \
        --svg "$ROOT/benchmarks/export.svg"
fi
if [ "$only" = all ] || [ "$only" = overhead ]; then
    echo; echo "== 3. client overhead"
    timeout 300 "$BIN/overhead" calls
    echo; echo "== 3. bulk memory"
    timeout 300 "$BIN/overhead" memory
fi
if [ "$only" = all ]; then
    crm_walk || true
fi
if [ "$only" = all ] || [ "$only" = build ]; then
    echo; echo "== 4. build cost: clean and incremental debug builds of an app per feature set"
    timeout 3600 "$BIN/build_cost" --runs 3
    echo; echo "== 4b. bind! expansion against a bare pulldown-cmark parse"
    timeout 1200 cargo bench --quiet -p bitrix-codegen --bench build_cost
fi
