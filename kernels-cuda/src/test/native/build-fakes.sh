#!/usr/bin/env bash
# Builds the fake CUDA libraries of FakeDriverIntegrationTest into $1: libcuda.so.1 and libcublas.so.13 from
# fake_cuda.c, plus empty libcudart.so.13 and libcublasLt.so.13 (the JNI libraries need them present; none of
# their functions is called).
set -euo pipefail
out=${1:?output folder}; src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
gcc -shared -fPIC -O1 -Wl,-soname,libcuda.so.1 -o "$out/libcuda.so.1" "$src/fake_cuda.c" -lm
gcc -shared -fPIC -O1 -Wl,-soname,libcublas.so.13 -o "$out/libcublas.so.13" "$src/fake_cuda.c" -lm
echo 'void sparsetrain_fake(void) {}' > "$out/empty.c"
gcc -shared -fPIC -Wl,-soname,libcudart.so.13 -o "$out/libcudart.so.13" "$out/empty.c"
gcc -shared -fPIC -Wl,-soname,libcublasLt.so.13 -o "$out/libcublasLt.so.13" "$out/empty.c"
