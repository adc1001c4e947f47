#!/usr/bin/env bash
# Outside-tool checks of what Strata writes, with Debian's torch 1.13 and onnx 1.12 (apt-get install python3-torch
# python3-onnx; they live under /usr/bin/python3, not a pyenv python):
#   1. torch.jit.load accepts model.pt, and its output equals `strata infer` through DJL and through ONNX Runtime;
#   2. onnx.checker.check_model accepts model.onnx.
# Usage: conformance/crosscheck.sh [--model crnn] [--preset tiny]   (after mvn -DskipTests package)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py=/usr/bin/python3
model=crnn
preset=tiny
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --preset) preset="$2"; shift 2 ;;
    *) echo "usage: $0 [--model NAME] [--preset P]" >&2; exit 2 ;;
  esac
done
if ! "$py" -c 'import torch, onnx, numpy' 2>/dev/null; then
  echo "crosscheck: SKIPPED ($py lacks torch/onnx/numpy; apt-get install python3-torch python3-onnx)"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/strata" export --model "$model" --preset "$preset" --out "$work/graph"
"$py" - "$work" <<'PY'
import sys, numpy as np, torch, onnx
work = sys.argv[1]
torch.manual_seed(0)
x = torch.randn(2, 1, 32, 100)
np.save(f"{work}/x.npy", x.numpy())
m = torch.jit.load(f"{work}/graph/model.pt")
m.eval()
with torch.no_grad():
    y = m(x)
print("torch", torch.__version__, "torch.jit.load: ok, forward ->", tuple(y.shape))
np.save(f"{work}/y_torch.npy", y.numpy())
onnx.checker.check_model(onnx.load(f"{work}/graph/model.onnx"))
print("onnx", onnx.__version__, "onnx.checker.check_model: ok")
PY
"$root/strata" infer --graph "$work/graph" --runtime torchscript --input "$work/x.npy" --output "$work/y_djl.npy"
"$root/strata" infer --graph "$work/graph" --runtime onnx --input "$work/x.npy" --output "$work/y_ort.npy"
"$py" - "$work" <<'PY'
import sys, numpy as np
work = sys.argv[1]
ref = np.load(f"{work}/y_torch.npy")
ok = True
for name in ("djl", "ort"):
    d = float(np.abs(np.load(f"{work}/y_{name}.npy") - ref).max())
    good = d <= 1e-4
    ok &= good
    print(f"max |torch 1.13 - strata infer ({name})| = {d:.3e}: {'PASS' if good else 'FAIL'}")
sys.exit(0 if ok else 1)
PY
