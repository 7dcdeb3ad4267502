#!/usr/bin/env bash
# Prepares what a GPU session needs to run the GPU backend's tests and benchmarks on a machine with no Java and
# no network: a jlink runtime of JDK 25, the project's jars and their dependencies, the JUnit console launcher,
# and run-on-gpu.sh. Output: kernels-cuda/device/bundle/ and kernels-cuda/device/sparsetrain-gpu-bundle.tar.xz
# (both git-ignored). Run on the build machine (JDK 25, Maven, Maven Central reachable):
#
#   kernels-cuda/device/prepare-bundle.sh
#
# Builds with `mvn package` into the modules' target/ folders (never `install`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/bundle"
junit_console=1.11.4   # the JUnit Platform release of the parent pom's JUnit 5.11.4

jdk=${JAVA_HOME:-}
if [[ -z "$jdk" || ! -x "$jdk/bin/jlink" ]]; then
    for d in /usr/lib/jvm/*25* /opt/java/*25*; do [[ -x "$d/bin/jlink" ]] && jdk=$d && break; done
fi
[[ -x "${jdk:-}/bin/jlink" ]] || { echo "prepare-bundle: need a JDK 25 with jlink (set JAVA_HOME)"; exit 1; }
export JAVA_HOME=$jdk
export MAVEN_OPTS="${MAVEN_OPTS:---enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow}"

rm -rf "$out" "$here/sparsetrain-gpu-bundle.tar.xz"
mkdir -p "$out/lib"
echo "prepare-bundle: building kernels-cuda and what it needs (package, tests skipped)"
(cd "$root" && mvn -B -q -pl kernels-cuda -am package -DskipTests)
# JUnit comes with the console launcher; jqwik is not used by kernels-cuda's tests
(cd "$root" && mvn -B -q -pl kernels-cuda dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="$out/lib" \
    -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,net.jqwik,org.opentest4j,org.apiguardian)
(cd "$root" && mvn -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_console" \
    -DoutputDirectory="$out")
mv "$out/junit-platform-console-standalone-$junit_console.jar" "$out/junit-console.jar"
cp "$root/kernels-cuda/target/kernels-cuda-"*.jar "$out/lib/"
# the gpu-tagged tests and GpuKernelBench live in the test classes
(cd "$root/kernels-cuda/target/test-classes" && "$JAVA_HOME/bin/jar" --create --file "$out/lib/kernels-cuda-tests.jar" .)

# Modules: what jdeps finds in every jar, plus the Vector API (CPU twins), Unsafe (JavaCPP) and the zip file
# system (JUnit scans the test jar through it; jdeps cannot see that, it is a service provider).
modules=$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 \
    --class-path "$out/lib/*" "$out"/lib/*.jar "$out/junit-console.jar" 2>/dev/null | grep -E '^[a-z0-9.,]+$' | tail -n 1 || true)
modules=$(echo "java.base,java.logging,java.xml,jdk.incubator.vector,jdk.unsupported,jdk.zipfs,${modules}" | tr ',' '\n' \
    | sed '/^$/d' | sort -u | paste -sd, -)
echo "prepare-bundle: jlink runtime with $modules"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --compress zip-9 --strip-debug --no-header-files --no-man-pages \
    --output "$out/jre"
cp "$here/run-on-gpu.sh" "$out/"
chmod +x "$out/run-on-gpu.sh"
(cd "$root" && git rev-parse HEAD > "$out/COMMIT" 2>/dev/null || echo unknown > "$out/COMMIT")
tar -C "$here" -cJf "$here/sparsetrain-gpu-bundle.tar.xz" bundle
echo "prepare-bundle: $(du -sh "$out/jre" | cut -f1) runtime, $(du -sh "$out/lib" | cut -f1) jars;" \
     "$(du -h "$here/sparsetrain-gpu-bundle.tar.xz" | cut -f1) as $here/sparsetrain-gpu-bundle.tar.xz"
