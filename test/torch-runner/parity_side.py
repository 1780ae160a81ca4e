"""The Python side of parity.test.ts, run on the folder the test wrote: initial weights for the case's seed,
loss and gradients on the engine's weights and batch, and the engine's checkpoint read and written back."""
import json
import os
import sys

import numpy as np
import torch

from pathways_torch import safetensors
from pathways_torch.checkpoint import checkpoint_base, read_checkpoint, write_checkpoint
from pathways_torch.model import RnntModel
from pathways_torch.params import init_params

folder = sys.argv[1]
with open(os.path.join(folder, "case.json"), encoding="utf-8") as f:
    case = json.load(f)
safetensors.write_file(os.path.join(folder, "py-init.safetensors"), init_params(case["config"], case["seed"]))

weights, _ = safetensors.read_file(os.path.join(folder, "weights.safetensors"))
batch, _ = safetensors.read_file(os.path.join(folder, "batch.safetensors"))
model = RnntModel(case["config"])
with torch.no_grad():
    for name, p in model.named_parameters():
        p.copy_(torch.from_numpy(weights[name]))
loss = model(
    torch.from_numpy(batch["features"]),
    batch["featureLengths"].tolist(),
    torch.from_numpy(batch["targets"]).long(),
    batch["targetLengths"].tolist(),
)
loss.backward()
grads = {name: p.grad.numpy() for name, p in model.named_parameters()}
safetensors.write_file(os.path.join(folder, "py-grads.safetensors"), grads, {"loss": repr(float(loss))})

saved = read_checkpoint(checkpoint_base(os.path.join(folder, "engine-ckpt"), case["step"]))
training = saved["training"]
write_checkpoint(
    checkpoint_base(os.path.join(folder, "py-ckpt"), saved["step"]),
    saved["model"],
    saved["step"],
    saved["seed"],
    saved["config"],
    {**training, "tensors": saved["tensors"]},
)
assert all(np.array_equal(saved["model"][n], weights[n]) for n in weights), "engine checkpoint weights differ"
