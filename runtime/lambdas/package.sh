#!/usr/bin/env bash
# Builds every Lambda function for x86_64 and arm64 (Graviton) into deterministic zips:
# one `bootstrap` per zip, fixed timestamp (1980-01-01) and mode (0755), so the same
# sources give the same bytes. Prints each zip's size and sha256.
#
#   runtime/lambdas/package.sh [--check] [OUT_DIR]     (OUT_DIR defaults to target/lambda)
#
# --check builds a second time (the lambdas, normalize and ocsf crates recompiled) and
# fails unless every zip has the same sha256.
#
# Tools: cargo-zigbuild + ziglang from PyPI, pinned, in a venv under .tools/zig (made on
# first use); the Rust targets through rustup. The `lambda` profile (root Cargo.toml):
# size-optimized, fat LTO, stripped, panic = "unwind".
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

CHECK=0
if [[ "${1:-}" == "--check" ]]; then CHECK=1; shift; fi
OUT=${1:-target/lambda}
mkdir -p "$OUT"

ZIGBUILD_VERSION=0.24.1
ZIGLANG_VERSION=0.15.2
ZIG="$ROOT/.tools/zig"
want="cargo-zigbuild==$ZIGBUILD_VERSION ziglang==$ZIGLANG_VERSION"
if [[ ! -f "$ZIG/.installed" || "$(cat "$ZIG/.installed")" != "$want" ]]; then
  rm -rf "$ZIG"
  python3 -m venv "$ZIG"
  # shellcheck disable=SC2086
  "$ZIG/bin/pip" install --quiet --disable-pip-version-check $want
  echo "$want" > "$ZIG/.installed"
fi
# cargo-zigbuild finds zig through `python -m ziglang` of this venv.
export PATH="$ZIG/bin:$PATH"

BINS=(sds-firehose-transform sds-s3-normalizer sds-eventbridge-normalizer)
# glibc 2.26: runs on provided.al2 and provided.al2023.
TARGETS=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu)
GLIBC=2.26
# Paths of the build machine must not reach the binaries (panic locations).
export RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=$ROOT=/src --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"

build() {
  for t in "${TARGETS[@]}"; do
    rustup target list --installed | grep -qx "$t" || rustup target add "$t"
    cargo zigbuild --locked -p lambdas --bins --profile lambda --target "$t.$GLIBC" >&2
  done
}

zip_all() { # zip_all -> lines "name size sha256"
  for t in "${TARGETS[@]}"; do
    arch=${t%%-*}; [[ $arch == aarch64 ]] && arch=arm64
    for b in "${BINS[@]}"; do
      python3 - "target/$t/lambda/$b" "$OUT/$b-$arch.zip" <<'PY'
import hashlib, os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
info = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
info.create_system = 3                      # Unix, so the mode below is honoured
info.external_attr = (0o100755 & 0xFFFF) << 16
info.compress_type = zipfile.ZIP_DEFLATED
with open(src, "rb") as f:
    data = f.read()
with zipfile.ZipFile(dst, "w") as z:
    z.writestr(info, data, compresslevel=9)
digest = hashlib.sha256(open(dst, "rb").read()).hexdigest()
print(f"{os.path.basename(dst)} {os.path.getsize(dst)} {digest}")
PY
    done
  done
}

build
first=$(zip_all)
echo "$first" | awk '{printf "%-42s %9d bytes  sha256 %s\n", $1, $2, $3}'
if [[ $CHECK == 1 ]]; then
  touch runtime/lambdas/src/lib.rs runtime/normalize/src/lib.rs runtime/ocsf/src/lib.rs
  build
  second=$(zip_all)
  if [[ "$first" != "$second" ]]; then
    echo "package.sh: NOT reproducible:" >&2
    diff <(echo "$first") <(echo "$second") >&2 || true
    exit 1
  fi
  echo "package.sh: second build gives the same bytes"
fi
