#!/usr/bin/env bash
# Rollout benchmarks on a GPU machine, R1Gym against shared/bench/hf_baseline.py in the same call (issue 17).
# Usage (from a folder holding r1gym.tar.xz, hf_baseline.py and native/): bench/gpu-rollout.sh PHASE OUT_DIR
#   phase 1: batch 64 and 512 with --group 16 (ours and HF static cache), batch 2048, a mixed-length rollout
#   phase 2: batch 64 with prompt 256 + 4,096 new tokens (ours and HF static), batch 64 with 8,192 new tokens, 8k training
set -uo pipefail
phase="$1"; out="$2"; here="$(cd "$(dirname "$0")" && pwd)"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 PYTHONUNBUFFERED=1
mkdir -p /tmp/r1 && tar xJf "$here/r1gym.tar.xz" -C /tmp/r1
if bash "$here/native/build-allocator-stats.sh" /tmp/r1 >>"$out/log.txt" 2>&1; then
  export R1GYM_ALLOCATOR_STATS=/tmp/r1/libr1gym_allocstats.so
else
  echo "allocator helper did not build: peaks from nvidia-smi only" | tee -a "$out/log.txt"
fi
nvidia-smi --query-gpu=name,memory.used,memory.total,clocks.sm --format=csv | tee -a "$out/log.txt"

ours() { local limit="$1"; shift; echo "== r1gym bench generate $*" | tee -a "$out/log.txt"
  timeout "$limit" /tmp/r1/r1gym bench generate --json "$@" >>"$out/results.jsonl" 2>>"$out/log.txt"; echo "rc=$?" | tee -a "$out/log.txt"; tail -n1 "$out/results.jsonl"; }
hf() { local limit="$1"; shift; echo "== hf_baseline.py $*" | tee -a "$out/log.txt"
  timeout "$limit" python3 "$here/hf_baseline.py" --skip-train "$@" >>"$out/results.jsonl" 2>>"$out/log.txt"; echo "rc=$?" | tee -a "$out/log.txt"; tail -n1 "$out/results.jsonl"; }

if [ "$phase" = 1 ]; then
  ours 90 --batch 64 --group 16
  hf 120 --batch 64 --group 16 --static-cache
  ours 90 --batch 512 --group 16
  hf 120 --batch 512 --group 16 --static-cache
  ours 100 --batch 2048 --group 16 --repeats 1
  ours 100 --batch 512 --group 16 --new-tokens 512 --mixed-lengths --repeats 1
  ours 100 --batch 2048 --group 1 --repeats 1
else
  ours 150 --batch 64 --group 16 --prompt-len 256 --new-tokens 4096 --repeats 1
  hf 150 --batch 64 --group 16 --prompt-len 256 --new-tokens 4096 --static-cache --repeats 1
  ours 270 --batch 64 --group 16 --new-tokens 8192 --repeats 1
fi
