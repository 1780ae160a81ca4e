"""The simple (additive-joiner) loss of the pruned RNN-T, as src/engine/loss/simple-rnnt.ts: the joiner is
am[b, t] + lm[b, u], whose softmax normaliser is one [T, V] x [V, U + 1] product per utterance; the transition
log-probabilities are smoothed as k2's rnnt_loss_smoothed does, with lmScale (LM alone) and amScale (AM with the
batch's unigram over valid label positions); the recursion runs in lattice.py."""
import torch

from .lattice import transition_loss

TINY = 1.1754944e-38  # float32's smallest normal, as k2 keeps log() finite


def transition_log_probs(am, lm, targets, target_lengths, blank, lm_scale, am_scale):
    """Smoothed blank and label log-probabilities [B, T, U + 1] (label column U is 0 and never read)."""
    b, t, v = am.shape
    u1 = lm.shape[1]
    u = u1 - 1
    am_max = am.detach().amax(-1, keepdim=True)
    lm_max = lm.detach().amax(-1, keepdim=True)
    am_probs, lm_probs = torch.exp(am - am_max), torch.exp(lm - lm_max)
    index = targets.long()
    label_am = torch.gather(am, 2, index[:, None, :].expand(b, t, u))  # [B, T, U]
    label_lm = torch.gather(lm[:, :u], 2, index[..., None])[..., 0]  # [B, U]
    blank_am = am[..., blank : blank + 1]  # [B, T, 1]
    blank_lm = lm[..., blank][:, None, :]  # [B, 1, U + 1]
    terms = []
    joint = 1 - lm_scale - am_scale
    if joint != 0:
        norm = torch.log(torch.matmul(am_probs, lm_probs.transpose(1, 2)) + TINY) + (am_max + lm_max.transpose(1, 2))
        terms.append((joint, blank_am + blank_lm - norm, label_am + label_lm[:, None] - norm[:, :, :u]))
    if lm_scale != 0:
        lm_norm = torch.log(lm_probs.sum(-1)) + lm_max[..., 0]  # [B, U + 1]
        terms.append((lm_scale, (blank_lm[:, 0] - lm_norm)[:, None], (label_lm - lm_norm[:, :u])[:, None]))
    if am_scale != 0:
        lengths = torch.as_tensor(target_lengths, device=am.device)
        valid = (torch.arange(u1, device=am.device)[None] <= lengths[:, None]).to(am.dtype)[..., None]
        softmax = lm_probs / lm_probs.sum(-1, keepdim=True)
        unigram = (softmax * valid).sum((0, 1)) / int((lengths + 1).sum()) + TINY
        log_unigram = torch.log(unigram)
        am_norm = torch.log(torch.matmul(am_probs, unigram[:, None])) + am_max  # [B, T, 1]
        terms.append((am_scale, blank_am + log_unigram[blank] - am_norm,
                      label_am + log_unigram[index][:, None] - am_norm))
    blank_lp = am.new_zeros(b, t, u1)
    label_lp = am.new_zeros(b, t, u)
    for scale, blank_term, label_term in terms:
        blank_lp = blank_lp + blank_term * scale
        label_lp = label_lp + label_term * scale
    return blank_lp, torch.cat([label_lp, am.new_zeros(b, t, 1)], dim=2)


def simple_loss(am, lm, targets, logit_lengths, target_lengths, blank, lm_scale, am_scale):
    """(float64 losses [B], (blank, label occupations)) of am [B, T, V] and lm [B, U + 1, V]."""
    blank_lp, label_lp = transition_log_probs(am, lm, targets, target_lengths, blank, lm_scale, am_scale)
    return transition_loss(blank_lp, label_lp, logit_lengths, target_lengths)
