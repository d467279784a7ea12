#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 900) on one core at the
# lowest priority, from the checked-in seeds; new inputs go to a scratch
# corpus under fuzz/target so the seed directories stay as checked in.
# Needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${SECONDS_PER_TARGET:-900}"
for target in wire_decode sync_payload; do
  scratch="target/corpus/$target"
  mkdir -p "$scratch"
  echo "== $target for ${seconds}s"
  nice -n 19 cargo +nightly fuzz run -O "$target" "$scratch" "corpus/$target" -- \
    -jobs=1 -workers=1 -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=1048576 \
    -print_final_stats=1
done
