"""Global-norm gradient clipping as src/engine/train/clip.ts: per-tensor sums of squares and their total in float32,
the square root in float64; gradients scaled by maxNorm / norm when the norm is finite and above maxNorm."""
import math

import torch


def global_norm(grads):
    squares = [torch.sum(torch.square(g.float())) for g in grads.values()]
    return math.sqrt(float(torch.stack(squares).sum()))


def clip_by_global_norm(grads, max_norm):
    """(clipped name -> gradient, norm before clipping)."""
    norm = global_norm(grads)
    scale = max_norm / norm if math.isfinite(norm) and norm > max_norm else 1.0
    return {n: (g if scale == 1.0 else g * scale) for n, g in grads.items()}, norm
