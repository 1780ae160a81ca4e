"""Pruning ranges of the pruned RNN-T loss, as src/engine/loss/prune-ranges.ts (k2's get_rnnt_prune_ranges):
frame t of utterance b keeps positions [start, start + R - 1], start chosen from the simple loss's occupations,
then made non-decreasing with steps of at most R - 1 from a first start of 0 (k2's _adjust_pruning_lower_bound).
Computed in float64 on the CPU with the engine's order of additions, so both choose the same starts."""
import numpy as np


def minimum_range(frames, labels):
    """The smallest range that lets `labels` labels be emitted over `frames` frames."""
    return int((labels - 1) / frames) + 2


def prune_ranges(blank_occ, label_occ, logit_lengths, target_lengths, requested):
    """(starts [B, T] int64, range used, utterances whose labels needed a larger range)."""
    blank_occ, label_occ = np.asarray(blank_occ, np.float64), np.asarray(label_occ, np.float64)
    b_size, t_size, u1 = blank_occ.shape
    if int(requested) != requested or requested < 2:
        raise ValueError(f"pruneRange must be an integer >= 2, got {requested}")
    needed = [minimum_range(int(t), int(u)) for t, u in zip(logit_lengths, target_lengths)]
    raised = sum(n > requested for n in needed)
    r = max([requested, *needed])
    if r > u1 - 1:
        r = u1
    last_start = u1 - r
    score = np.zeros((b_size, t_size, last_start + 1))
    score[:, :, 1:] = -label_occ[:, :, :last_start]
    for k in range(r):
        score += blank_occ[:, :, k : k + last_start + 1]
    starts = np.argmax(score, axis=2)
    step = r - 1
    for b in range(b_size):
        tb, ub = int(logit_lengths[b]), int(target_lengths[b])
        row = starts[b]
        row[max(tb - 1, 0) :] = max(0, ub - r + 1)
        row[:] = np.minimum.accumulate(row[::-1])[::-1]
        y = step * np.arange(t_size) - row
        row[:] = step * np.arange(t_size) - np.maximum(0, np.minimum.accumulate(y[::-1])[::-1])
    return starts, r, raised
