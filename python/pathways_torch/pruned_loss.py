"""The pruned RNN-T loss of a batch, as src/engine/model/pruned-batch-loss.ts (Kuang et al. 2022): the simple
joiner's smoothed loss on the whole lattice, its occupations choose R positions per frame, and the full joiner
runs on those [B, T, R] cells only: simpleLossScale · simple + prunedScale · pruned (the latter skipped at 0).
The warm-up of the pruned part's scale is src/engine/loss/pruned-options.ts's."""
import torch

from .encoder import linear
from .lattice import transition_loss
from .loss import reduce_losses
from .prune_ranges import prune_ranges
from .simple_loss import simple_loss

NEG_INF = float("-inf")


def pruned_loss_scale(step, warmup_steps):
    """0 before step W, 0.1 before 2W, then 1."""
    if step >= 2 * warmup_steps:
        return 1.0
    return 0.1 if step >= warmup_steps else 0.0


def _banded_lattice(logits, positions, valid, targets, u1):
    """Blank and label log-probabilities [B, T, U + 1] of banded logits [B, T, R, V]; -inf outside the band."""
    lp = torch.log_softmax(logits.double(), dim=-1)
    b, t, r, _ = lp.shape
    u = targets.shape[1]
    label_ids = torch.cat([targets.long(), targets.new_zeros(b, 1).long()], dim=1)  # position U reads any id
    ids = torch.gather(label_ids[:, None, :].expand(b, t, u + 1), 2, positions)
    label_band = torch.gather(lp, 3, ids[..., None])[..., 0]
    index = torch.where(valid, positions, torch.full_like(positions, u1))  # clamped cells go to a dropped column
    grids = []
    for band in (lp[..., 0], label_band):
        grid = band.new_full((b, t, u1 + 1), NEG_INF).scatter(2, index, band)
        grids.append(grid[:, :, :u1])
    return grids


def pruned_batch_loss(p, encoded, predicted, targets, logit_lengths, target_lengths, options, reduction="mean"):
    """`options`: pruneRange, lmScale, amScale, simpleLossScale, prunedScale (camelCase, as the engine's)."""
    am = linear(p, "simple_am_proj", encoded)
    lm = linear(p, "simple_lm_proj", predicted)
    simple, (blank_occ, label_occ) = simple_loss(am, lm, targets, logit_lengths, target_lengths, 0,
                                                 options["lmScale"], options["amScale"])
    weighted = reduce_losses(simple, reduction).float() * options["simpleLossScale"]
    if options["prunedScale"] == 0:
        return weighted
    starts, r, _ = prune_ranges(blank_occ.cpu().numpy(), label_occ.cpu().numpy(), logit_lengths, target_lengths,
                                options["pruneRange"])
    u1 = predicted.shape[1]
    unclamped = torch.as_tensor(starts, device=encoded.device)[..., None] + torch.arange(r, device=encoded.device)
    positions = unclamped.clamp(max=u1 - 1)
    b, t, _ = encoded.shape
    pred = linear(p, "joiner.pred_proj", predicted)
    picked = torch.gather(pred[:, None].expand(b, t, u1, pred.shape[2]), 2, positions[..., None].expand(b, t, r, pred.shape[2]))
    logits = linear(p, "joiner.out", torch.tanh(linear(p, "joiner.enc_proj", encoded)[:, :, None] + picked))
    blank, label = _banded_lattice(logits, positions, unclamped < u1, targets, u1)
    pruned, _ = transition_loss(blank, label, logit_lengths, target_lengths)
    return weighted + reduce_losses(pruned, reduction).float() * options["prunedScale"]
