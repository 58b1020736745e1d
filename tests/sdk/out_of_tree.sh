#!/usr/bin/env bash
# Builds the hello example exactly as a third-party plugin author would: against the SDK as the
# apiary-dev package installs it, with none of the apiary source tree in sight.
#
#   out_of_tree.sh <apiary build dir> <apiary source dir>
#
# 1. cmake --install <build dir> --component dev into a temp prefix, and check that it holds
#    what find_package(apiary) and apiary_add_plugin() need;
# 2. configure sdk/examples/hello standalone with -DCMAKE_PREFIX_PATH=<prefix> (warnings are
#    errors, as for in-tree code) and make sure the installed package is the one found;
# 3. build it (-j2) and run its ctest;
# 4. check that libhello.so exports apiary_plugin_entry_v1 and nothing else.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <apiary build dir> <apiary source dir>" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/apiary-sdk-XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
hello_build="$work/hello-build"

fail() {
  echo "sdk_out_of_tree: FAIL: $*" >&2
  exit 1
}
step() { echo "sdk_out_of_tree: $*"; }

# --- 1. install the dev component ---
step "installing the dev component of $build_dir into $prefix"
cmake --install "$build_dir" --prefix "$prefix" --component dev

config=$(find "$prefix" -name apiaryConfig.cmake -print -quit)
[[ -n "$config" ]] || fail "no apiaryConfig.cmake installed under $prefix"
package_dir=$(dirname "$config")
for f in apiaryConfig.cmake apiaryConfigVersion.cmake apiaryTargets.cmake apiaryPlugin.cmake \
  apiary_plugin.map; do
  [[ -f "$package_dir/$f" ]] || fail "$f missing from $package_dir"
done
for h in abi.h apiary.hpp config.hpp plugin.hpp route_pattern.hpp testing/fake_host.hpp; do
  [[ -f "$prefix/include/apiary/$h" ]] || fail "header apiary/$h missing from $prefix/include"
done
# Every public header is installed, none forgotten.
for h in $(cd "$source_dir/sdk/include" && find apiary -type f); do
  [[ -f "$prefix/include/$h" ]] || fail "header $h is in sdk/include but not installed"
done
# The dev component is the SDK only: no daemon, no plugin.
if find "$prefix" \( -name apiary -type f -o -name '*.so' \) | grep -q .; then
  fail "the dev component installs binaries: $(find "$prefix" \( -name apiary -type f -o -name '*.so' \))"
fi

# --- 2. configure the example standalone ---
step "configuring $source_dir/sdk/examples/hello against $prefix"
cmake -S "$source_dir/sdk/examples/hello" -B "$hello_build" \
  -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-Wall -Wextra -Wpedantic -Werror"
found_dir=$(sed -n 's/^apiary_DIR:PATH=//p' "$hello_build/CMakeCache.txt")
[[ "$found_dir" == "$prefix"/* ]] || fail "find_package(apiary) found '$found_dir', not the SDK installed in $prefix"
if grep -rh --include=flags.make '^CXX_INCLUDES' "$hello_build/CMakeFiles" |
  grep -qF -- "$source_dir/sdk/include"; then
  fail "the standalone build includes headers from the source tree ($source_dir/sdk/include)"
fi

# --- 3. build and test ---
step "building"
cmake --build "$hello_build" -j2
step "testing"
ctest --test-dir "$hello_build" --output-on-failure --no-tests=error

# --- 4. the plugin's exported symbols ---
plugin=$(find "$hello_build" -name libhello.so -print -quit)
[[ -n "$plugin" ]] || fail "libhello.so was not built"
exported=$(nm -D --defined-only "$plugin" | awk '{print $NF}' | sort)
if [[ "$exported" != "apiary_plugin_entry_v1" ]]; then
  fail "libhello.so must export only apiary_plugin_entry_v1, it exports:"$'\n'"$exported"
fi
step "libhello.so exports only apiary_plugin_entry_v1"
step "PASS"
