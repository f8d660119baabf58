#!/usr/bin/env bash
# Builds the C shims into OUTDIR (inside target/classes, so they ship in the jar):
#   libtrunkline_dpdk.so  from dpdk_shim.c  (DPDK's static inline functions)
#   libtrunkline_verbs.so from verbs_shim.c (libibverbs' static inline functions)
# Each shim links its library without --as-needed, so a lookup through the shim's handle also
# finds the library's ordinary exported functions.
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"

fail() { echo "native-bindings: $1" >&2; echo "  fix: $2" >&2; exit 1; }
command -v gcc >/dev/null || fail "gcc not found" "run scripts/bootstrap as root (apt-get install gcc)"
command -v pkg-config >/dev/null || fail "pkg-config not found" "run scripts/bootstrap as root (apt-get install pkg-config)"
pkg-config --exists libdpdk || fail "DPDK development files not found (pkg-config libdpdk)" "run scripts/bootstrap as root (apt-get install libdpdk-dev)"
[ -r /usr/include/infiniband/verbs.h ] || fail "libibverbs headers not found (infiniband/verbs.h)" "run scripts/bootstrap as root (apt-get install libibverbs-dev)"

CFLAGS=(-O2 -g -fPIC -shared -Wall -Wextra -Werror)

gcc "${CFLAGS[@]}" $(pkg-config --cflags libdpdk) "$src/dpdk_shim.c" -o "$out/libtrunkline_dpdk.so" \
    -Wl,--no-as-needed -lrte_eal -lrte_mempool -lrte_mbuf -lrte_ring -lrte_ethdev

if [ -f "$src/verbs_shim.c" ]; then
  gcc "${CFLAGS[@]}" "$src/verbs_shim.c" -o "$out/libtrunkline_verbs.so" -Wl,--no-as-needed -libverbs
fi
