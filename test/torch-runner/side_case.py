"""What the Python sides of the parity tests share: the case a test wrote into its folder, and the loss and
gradients of the engine's weights on the engine's batch, written back as py-grads.safetensors."""
import json
import os

import torch

from pathways_torch import safetensors
from pathways_torch.model import RnntModel


def read_case(folder):
    with open(os.path.join(folder, "case.json"), encoding="utf-8") as f:
        return json.load(f)


def write_loss_and_grads(folder, config, simple_joiner=False, pruned=None):
    """Returns the engine's weights the loss was computed with."""
    weights, _ = safetensors.read_file(os.path.join(folder, "weights.safetensors"))
    batch, _ = safetensors.read_file(os.path.join(folder, "batch.safetensors"))
    model = RnntModel(config, simple_joiner=simple_joiner)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.from_numpy(weights[name]))
    loss = model(
        torch.from_numpy(batch["features"]),
        batch["featureLengths"].tolist(),
        torch.from_numpy(batch["targets"]).long(),
        batch["targetLengths"].tolist(),
        pruned=pruned,
    )
    loss.backward()
    grads = {name: p.grad.numpy() for name, p in model.named_parameters()}
    safetensors.write_file(os.path.join(folder, "py-grads.safetensors"), grads, {"loss": repr(float(loss))})
    return weights
