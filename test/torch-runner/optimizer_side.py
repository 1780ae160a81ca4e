"""The Python side of optimizer.test.ts: the engine's AdamW steps (masked, decayed, clipped) and its schedules."""
import json
import os
import sys

import torch

from pathways_torch import safetensors
from pathways_torch.adamw import AdamW
from pathways_torch.clip import clip_by_global_norm
from pathways_torch.schedule import learning_rate

folder = sys.argv[1]
with open(os.path.join(folder, "case.json"), encoding="utf-8") as f:
    case = json.load(f)
tensors, _ = safetensors.read_file(os.path.join(folder, "inputs.safetensors"))
pick = lambda prefix: {k[len(prefix) :]: torch.from_numpy(v.copy()) for k, v in tensors.items() if k.startswith(prefix)}
params, masks = pick("param."), pick("mask.")
optimizer = AdamW(params.items(), weight_decay=case["weightDecay"])
norms = []
for step in range(1, case["steps"] + 1):
    grads, norm = clip_by_global_norm(pick(f"grad{step}."), case["clipNorm"])
    norms.append(norm)
    optimizer.step(grads, lr=learning_rate(case["schedule"], step), update_masks=masks)
out = {f"param.{n}": p.numpy() for n, p in params.items()}
out.update(optimizer.export_state())
lrs = {kind: [learning_rate(s, step) for step in range(1, 40)] for kind, s in case["schedules"].items()}
safetensors.write_file(os.path.join(folder, "outputs.safetensors"), out, {"norms": json.dumps(norms), "lrs": json.dumps(lrs)})
