"""On a machine with CUDA: the model's full and pruned losses and their gradients on the GPU against the CPU.
Skipped without CUDA."""
import pytest
import torch

from pathways_torch.model import RnntModel

MODEL = {
    "inputDim": 20, "subsamplingChannels": 4, "dModel": 16, "heads": 2, "ffnDim": 32, "layers": 2,
    "segmentLength": 4, "leftContext": 1, "lookAhead": 1, "convModule": True, "convKernel": 3,
    "joinerDim": 16, "vocabSize": 8, "predictor": {"kind": "lstm", "embeddingDim": 16, "hiddenDim": 16},
}
PRUNED = {"pruneRange": 2, "lmScale": 0.25, "amScale": 0.1, "simpleLossScale": 0.5, "prunedScale": 1.0}


def loss_and_grads(device, pruned):
    torch.manual_seed(0)
    features = torch.randn(3, 41, MODEL["inputDim"])
    targets = torch.tensor([[1, 2, 3, 4], [4, 5, 0, 0], [6, 7, 1, 0]])
    model = RnntModel(MODEL, seed=3, simple_joiner=True).to(device)
    loss = model(features.to(device), [41, 30, 35], targets.to(device), [4, 2, 3], pruned=pruned)
    loss.backward()
    return float(loss), {n: p.grad.cpu() for n, p in model.named_parameters() if p.grad is not None}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
@pytest.mark.parametrize("pruned", [None, PRUNED], ids=["full", "pruned"])
def test_cuda_matches_cpu(pruned):
    cpu_loss, cpu_grads = loss_and_grads("cpu", pruned)
    gpu_loss, gpu_grads = loss_and_grads("cuda", pruned)
    assert abs(gpu_loss - cpu_loss) <= 1e-4 * abs(cpu_loss)
    largest = max(float(g.abs().max()) for g in cpu_grads.values())
    for name, g in cpu_grads.items():
        assert float((gpu_grads[name] - g).abs().max()) <= 1e-3 * max(float(g.abs().max()), 1e-3 * largest), name
