#!/usr/bin/env bash
# Compiles every kernel source (*.cu) of this folder to PTX in the committed resources folder, when nvcc is on
# PATH; without nvcc it says so and keeps the committed PTX (CI). Run by the build (exec-maven-plugin,
# generate-resources) and by hand. Incremental: a PTX whose header records the current source digest is kept.
#
# The first line of each PTX is a header that PtxStalenessTest checks on every build, nvcc or not:
#   // sparsetrain-ptx source-sha256=<hex> arch=<arch>
# where the digest covers the .cu file followed by every *.cuh of the folder in name order (the headers it may
# include). Editing a kernel without regenerating its PTX therefore fails the test suite.
#
# usage: compile-ptx.sh SOURCE_DIR OUTPUT_DIR ARCH        e.g. src/main/cuda src/main/resources/... compute_80
set -euo pipefail
src=${1:?source folder}; out=${2:?output folder}; arch=${3:?virtual architecture, e.g. compute_80}
export LC_ALL=C

if ! command -v nvcc >/dev/null 2>&1; then
    echo "compile-ptx: nvcc not on PATH: using the committed PTX in $out (PtxStalenessTest checks it is current)"
    exit 0
fi
mkdir -p "$out"
headers=$(find "$src" -maxdepth 1 -name '*.cuh' | sort)
compiled=0
for cu in $(find "$src" -maxdepth 1 -name '*.cu' | sort); do
    name=$(basename "$cu" .cu)
    # shellcheck disable=SC2086
    digest=$(cat "$cu" $headers | sha256sum | cut -d' ' -f1)
    header="// sparsetrain-ptx source-sha256=$digest arch=$arch"
    ptx="$out/$name.ptx"
    if [[ -f "$ptx" ]] && [[ "$(head -n 1 "$ptx")" == "$header" ]]; then continue; fi
    tmp=$(mktemp)
    # No -lineinfo (it embeds absolute paths), no fast-math:, the kernels must agree with the reference backend to float rounding.
    nvcc --ptx -arch="$arch" -std=c++17 -o "$tmp" "$cu"
    { echo "$header"; grep -v '^//' "$tmp"; } > "$ptx"
    rm -f "$tmp"
    compiled=$((compiled + 1))
    echo "compile-ptx: $cu -> $ptx"
done
echo "compile-ptx: $compiled kernel file(s) recompiled with $(nvcc --version | tail -n 1)"
