"""The Python side of pruned.test.ts: the pruned RNN-T loss and its gradients on the engine's weights and batch."""
import json
import os
import sys

import torch

from pathways_torch import safetensors
from pathways_torch.model import RnntModel

folder = sys.argv[1]
with open(os.path.join(folder, "case.json"), encoding="utf-8") as f:
    case = json.load(f)
weights, _ = safetensors.read_file(os.path.join(folder, "weights.safetensors"))
batch, _ = safetensors.read_file(os.path.join(folder, "batch.safetensors"))
model = RnntModel(case["config"], simple_joiner=True)
with torch.no_grad():
    for name, p in model.named_parameters():
        p.copy_(torch.from_numpy(weights[name]))
loss = model(
    torch.from_numpy(batch["features"]),
    batch["featureLengths"].tolist(),
    torch.from_numpy(batch["targets"]).long(),
    batch["targetLengths"].tolist(),
    pruned=case["pruned"],
)
loss.backward()
grads = {name: p.grad.numpy() for name, p in model.named_parameters()}
safetensors.write_file(os.path.join(folder, "py-grads.safetensors"), grads, {"loss": repr(float(loss))})
