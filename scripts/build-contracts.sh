#!/usr/bin/env bash
# Builds the example contracts of contracts/ for wasm32-unknown-unknown (release) and copies them to
# contracts/wasm/<name>.wasm, which is committed so that `cargo test` works without the wasm32 target.
#
# Reproducible: the same sources and toolchain give the same bytes, wherever the repository and the
# cargo home are.
# - Dependencies are pinned by contracts/Cargo.lock (--locked once it exists).
# - The build runs on a copy of the sources at a fixed path ($BUILD_DIR/src): cargo hashes the absolute
#   path of a path dependency outside the workspace (isc-abi) into symbol names, which changes the
#   function order of the output, so a checkout elsewhere would otherwise give other bytes.
# - Absolute paths that reach panic locations are remapped (the sources to /iscvm, the cargo home to
#   /cargo); RUSTFLAGS are set here, whatever the environment says; codegen-units = 1 in the profile.
# - The linker's two exported globals (__data_end, __heap_base) are removed by contracts/check's
#   strip-linker-exports, so a binary exports exactly `memory` and its entry points.
#
# Usage: scripts/build-contracts.sh            (every contract)
#        scripts/build-contracts.sh token ...  (only these)
# Env:   ISCVM_CONTRACTS_BUILD_DIR  the fixed build directory (default /tmp/iscvm-contracts-build;
#                                   another path builds fine but gives other bytes)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
CONTRACTS="$ROOT/contracts"
TARGET=wasm32-unknown-unknown
OUT="$CONTRACTS/wasm"
BUILD_DIR="${ISCVM_CONTRACTS_BUILD_DIR:-/tmp/iscvm-contracts-build}"
SRC="$BUILD_DIR/src"
ALL=(inccounter token donatewithfeedback caller panicker pingpong)
if [ "$#" -gt 0 ]; then
    NAMES=("$@")
else
    NAMES=("${ALL[@]}")
fi

if ! rustup target list --installed | grep -qx "$TARGET"; then
    echo "installing the $TARGET target"
    rustup target add "$TARGET"
fi

# The copy: the root manifest (isc-abi inherits its package fields and dependency versions from it),
# isc-abi and the contracts workspace. Timestamps are kept so that cargo rebuilds only what changed.
rm -rf "$SRC"
mkdir -p "$SRC/contracts"
cp -p "$ROOT/Cargo.toml" "$SRC/Cargo.toml"
cp -Rp "$ROOT/abi" "$SRC/abi"
(cd "$CONTRACTS" && tar cf - --exclude=./target --exclude=./wasm .) | (cd "$SRC/contracts" && tar xf -)

CARGO_HOME_DIR="$(cd "${CARGO_HOME:-$HOME/.cargo}" && pwd -P)"
LOCKED=()
if [ -f "$CONTRACTS/Cargo.lock" ]; then
    LOCKED=(--locked)
fi
unset CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS RUSTFLAGS

PACKAGES=()
for name in "${NAMES[@]}"; do
    PACKAGES+=(-p "$name")
done

cd "$SRC/contracts"
CARGO_TARGET_DIR="$BUILD_DIR/target-wasm" \
    RUSTFLAGS="--remap-path-prefix=$SRC=/iscvm --remap-path-prefix=$CARGO_HOME_DIR=/cargo" \
    cargo build "${LOCKED[@]}" --release --target "$TARGET" "${PACKAGES[@]}"

# The strip tool is a host binary, built without the wasm flags.
CARGO_TARGET_DIR="$BUILD_DIR/target-host" \
    cargo build "${LOCKED[@]}" --quiet --release -p check --bin strip-linker-exports
STRIP="$BUILD_DIR/target-host/release/strip-linker-exports"

# A lock file created by this first build belongs to the repository.
if [ ! -f "$CONTRACTS/Cargo.lock" ]; then
    cp "$SRC/contracts/Cargo.lock" "$CONTRACTS/Cargo.lock"
fi

mkdir -p "$OUT"
for name in "${NAMES[@]}"; do
    cp "$BUILD_DIR/target-wasm/$TARGET/release/$name.wasm" "$OUT/$name.wasm"
    "$STRIP" "$OUT/$name.wasm"
done

echo
echo "contracts/wasm:"
for name in "${NAMES[@]}"; do
    file="$OUT/$name.wasm"
    printf '  %-24s %7d bytes  sha256 %s\n' "$name.wasm" "$(wc -c <"$file")" \
        "$(sha256sum "$file" | cut -d' ' -f1)"
done
