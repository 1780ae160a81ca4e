"""The full RNN-T loss with the engine's conventions (src/engine/loss/reduction.ts, joint-rnnt.ts): blank 0,
log-softmax inside, per-utterance negative log-likelihood reduced by 'none', 'sum' or 'mean' (sum / B)."""
import torch
import torchaudio.functional as AF


def reduce_losses(losses, reduction):
    if reduction == "none":
        return losses
    total = losses.sum()
    return total if reduction == "sum" else total / losses.shape[0]


def rnnt_loss(logits, targets, logit_lengths, target_lengths, blank=0, reduction="mean"):
    """logits [B, T, U + 1, V] un-normalised; targets [B, U]; lengths [B]. torchaudio wants T and U to be the
    longest lengths, so the padding beyond them (which the loss ignores anyway) is cut first."""
    t = int(logit_lengths.max())
    u = int(target_lengths.max())
    losses = AF.rnnt_loss(
        logits[:, :t, : u + 1].contiguous(),
        targets[:, :u].to(torch.int32).contiguous(),
        logit_lengths.to(device=logits.device, dtype=torch.int32),
        target_lengths.to(device=logits.device, dtype=torch.int32),
        blank=blank,
        reduction="none",
    )
    return reduce_losses(losses, reduction)
