#!/usr/bin/env bash
# Builds libr1gym_allocstats.so against the installed PyTorch (a GPU machine: g++, CUDA headers, torch headers).
# Usage: native/build-allocator-stats.sh OUT_DIR. R1Gym loads it from R1GYM_ALLOCATOR_STATS or beside its executable.
set -euo pipefail
out="${1:?usage: $0 OUT_DIR}"
torch_dir="$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')"
cuda_inc="${CUDA_HOME:-/usr/local/cuda}/include"
g++ -O2 -shared -fPIC -std=c++20 -D_GLIBCXX_USE_CXX11_ABI=1 \
  -I"$torch_dir/include" -I"$cuda_inc" "$(dirname "$0")/allocator_stats.cpp" \
  -L"$torch_dir/lib" -lc10_cuda -lc10 -Wl,-rpath,"$torch_dir/lib" -o "$out/libr1gym_allocstats.so"
echo "$out/libr1gym_allocstats.so"
