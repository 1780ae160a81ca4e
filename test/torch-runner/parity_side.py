"""The Python side of parity.test.ts, run on the folder the test wrote: initial weights for the case's seed,
loss and gradients on the engine's weights and batch, and the engine's checkpoint read and written back."""
import os
import sys

import numpy as np

from pathways_torch import safetensors
from pathways_torch.checkpoint import checkpoint_base, read_checkpoint, write_checkpoint
from pathways_torch.params import init_params
from side_case import read_case, write_loss_and_grads

folder = sys.argv[1]
case = read_case(folder)
safetensors.write_file(os.path.join(folder, "py-init.safetensors"), init_params(case["config"], case["seed"]))
weights = write_loss_and_grads(folder, case["config"])

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
