"""The RNN-T recursion on given transition log-probabilities (src/engine/loss/transition-lattice.ts), in float64,
vectorised over the batch along anti-diagonals. Lattice of utterance b: frames t < T_b, positions u <= U_b; a
blank moves (t, u) -> (t + 1, u), label u + 1 moves (t, u) -> (t, u + 1), the blank at (T_b - 1, U_b) ends the
path. The gradient of −log p w.r.t. a log-probability is minus the occupation of its transition."""
import torch

NEG_INF = float("-inf")


def forward_backward(blank, label, logit_lengths, target_lengths):
    """blank, label [B, T, U + 1] (float64) -> (losses [B], blank occupations, label occupations)."""
    b_size, t_size, u1 = blank.shape
    device = blank.device
    tb = torch.as_tensor(logit_lengths, device=device).long()
    ub = torch.as_tensor(target_lengths, device=device).long()
    t_idx = torch.arange(t_size, device=device)[None, :, None]
    u_idx = torch.arange(u1, device=device)[None, None, :]
    inside = (t_idx < tb[:, None, None]) & (u_idx <= ub[:, None, None])
    last_frame = (t_idx == (tb - 1)[:, None, None]).expand(b_size, t_size, u1)
    final = last_frame & (u_idx == ub[:, None, None])
    label_ok = inside & (u_idx < ub[:, None, None])
    blank = blank.masked_fill(~inside, NEG_INF)
    label = label.masked_fill(~label_ok, NEG_INF)
    # Blank's destination term: beta(t + 1, u) inside, 0 after the final cell, -inf off the last frame's end.
    end = torch.where(final, 0.0, NEG_INF).to(blank)
    alpha = torch.full_like(blank, NEG_INF)
    beta = torch.full_like(blank, NEG_INF)
    alpha[:, 0, 0] = 0
    diagonals = [torch.arange(max(0, d - u1 + 1), min(d, t_size - 1) + 1, device=device) for d in range(t_size + u1 - 1)]
    for d in range(1, t_size + u1 - 1):
        t = diagonals[d]
        u = d - t
        from_blank = torch.where(t > 0, alpha[:, (t - 1).clamp(min=0), u] + blank[:, (t - 1).clamp(min=0), u], NEG_INF)
        from_label = torch.where(u > 0, alpha[:, t, (u - 1).clamp(min=0)] + label[:, t, (u - 1).clamp(min=0)], NEG_INF)
        alpha[:, t, u] = torch.logaddexp(from_blank, from_label)
    for d in range(t_size + u1 - 2, -1, -1):
        t = diagonals[d]
        u = d - t
        next_t = (t + 1).clamp(max=t_size - 1)
        below = torch.where(t + 1 < t_size, beta[:, next_t, u], NEG_INF)
        via_blank = torch.where(last_frame[:, t, u], end[:, t, u], below) + blank[:, t, u]
        next_u = (u + 1).clamp(max=u1 - 1)
        via_label = torch.where(u + 1 < u1, beta[:, t, next_u], NEG_INF) + label[:, t, u]
        beta[:, t, u] = torch.logaddexp(via_blank, via_label)
    log_p = beta[:, 0, 0]
    below = torch.cat([beta[:, 1:], torch.full_like(beta[:, :1], NEG_INF)], dim=1)
    right = torch.cat([beta[:, :, 1:], torch.full_like(beta[:, :, :1], NEG_INF)], dim=2)
    possible = torch.isfinite(log_p)[:, None, None]
    shift = torch.where(possible, log_p[:, None, None], 0.0)
    blank_occ = torch.exp(alpha + blank + torch.where(last_frame, end, below) - shift)
    label_occ = torch.exp(alpha + label + right - shift)
    zero = torch.zeros((), dtype=blank.dtype, device=device)
    blank_occ = torch.where(inside & possible, blank_occ, zero)
    label_occ = torch.where(label_ok & possible, label_occ, zero)
    return -log_p, blank_occ, label_occ


def transition_loss(blank, label, logit_lengths, target_lengths):
    """(float64 losses [B], differentiable w.r.t. blank and label; (blank, label occupations) as constants)."""
    losses, blank_occ, label_occ = forward_backward(blank.detach().double(), label.detach().double(),
                                                    logit_lengths, target_lengths)
    return _Loss.apply(blank, label, losses, blank_occ, label_occ), (blank_occ, label_occ)


class _Loss(torch.autograd.Function):
    @staticmethod
    def forward(ctx, blank, label, losses, blank_occ, label_occ):
        ctx.save_for_backward(blank_occ, label_occ)
        ctx.dtypes = (blank.dtype, label.dtype)
        return losses.clone()

    @staticmethod
    def backward(ctx, grad):
        blank_occ, label_occ = ctx.saved_tensors
        scale = grad.double()[:, None, None]
        return (-scale * blank_occ).to(ctx.dtypes[0]), (-scale * label_occ).to(ctx.dtypes[1]), None, None, None
