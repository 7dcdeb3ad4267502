#!/usr/bin/env bash
# Runs on the GPU machine, from the unpacked bundle (no Java, no network needed there):
#   tar -xJf sparsetrain-gpu-bundle.tar.xz && bundle/run-on-gpu.sh [results-folder]
# 1. lists where libcuda.so.1, libcudart.so.13 and libcublas.so.13 are (the driver's, and the pip CUDA 13
#    libraries of the PyTorch environment: site-packages/nvidia/cu13/lib);
# 2. points LD_LIBRARY_PATH at the pip libraries;
# 3. runs the gpu-tagged JUnit suite (CudaBackendConformanceTest, CudaSparseKernelsGpuTest, TrainingStepGpuTest)
#    and GpuKernelBench, writing everything to the results folder.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
results=${1:-$here/results}
mkdir -p "$results"
exec > >(tee "$results/run.log") 2>&1

echo "== commit $(cat "$here/COMMIT" 2>/dev/null)  host $(hostname)  $(date -u +%FT%TZ)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null || echo "(no nvidia-smi)"

echo "== where the CUDA libraries are"
ldconfig -p 2>/dev/null | grep -E 'libcuda\.so\.1|libcudart\.so\.13|libcublas\.so\.13' || echo "(none in the loader cache)"
cu13=""
for py in python3 python; do
    command -v "$py" >/dev/null || continue
    cu13=$("$py" - <<'PY' 2>/dev/null
import os
try:
    import nvidia
    for base in list(getattr(nvidia, "__path__", [])):
        lib = os.path.join(base, "cu13", "lib")
        if os.path.isdir(lib):
            print(lib); break
except Exception:
    pass
PY
)
    [[ -n "$cu13" ]] && break
done
if [[ -z "$cu13" ]]; then
    cu13=$(find / -path '*site-packages/nvidia/cu13/lib' -type d 2>/dev/null | head -n 1)
fi
echo "pip CUDA 13 libraries: ${cu13:-(not found)}"
[[ -n "$cu13" ]] && ls "$cu13" | grep -E 'libcudart|libcublas|libnvrtc' | sed 's/^/  /'
for lib in libcuda.so.1 libcudart.so.13 libcublas.so.13 libcublasLt.so.13; do
    hit=$(find ${cu13:+"$cu13"} /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/cuda*/lib* -name "$lib" 2>/dev/null | head -n 1)
    echo "  $lib -> ${hit:-NOT FOUND}"
done
export LD_LIBRARY_PATH="${cu13:+$cu13:}${LD_LIBRARY_PATH:-}"

java=("$here/jre/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
      --sun-misc-unsafe-memory-access=allow -Xss4m -Dsparsetrain.device=cuda)
cp=$(ls "$here"/lib/*.jar | paste -sd: -)   # the console launcher does not expand "dir/*"

echo "== gpu-tagged conformance suite"
"${java[@]}" -jar "$here/junit-console.jar" execute --class-path "$cp" \
    --scan-class-path "$here/lib/kernels-cuda-tests.jar" --include-tag gpu --fail-if-no-tests \
    --details=tree --disable-banner --disable-ansi-colors --reports-dir "$results/junit"
suite=$?
echo "== suite exit code $suite"

echo "== kernel benchmarks"
"${java[@]}" -cp "$cp" org.sparsetrain.kernels.cuda.GpuKernelBench | tee "$results/bench.txt"
echo "== done; results in $results"
exit $suite
