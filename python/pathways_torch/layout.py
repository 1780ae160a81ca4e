"""Row layout and attention visibility of the streaming encoder, as src/engine/model/layout.ts: main rows (one per
encoder frame), then per segment copies of the `lookAhead` frames after its end. A row of segment k sees the main
rows of segments k - leftContext .. k and the right-context rows of segment k; keys beyond the length are hidden."""
import torch

HIDDEN = -1e9


def full_layout(frames, segment_length, look_ahead):
    """(segment, is_main, frame, pos) per row, as long tensors."""
    t = torch.arange(frames)
    segments = -(-frames // segment_length)
    k = torch.arange(segments).repeat_interleave(look_ahead)
    i = torch.arange(look_ahead).repeat(segments)
    segment = torch.cat([t // segment_length, k])
    is_main = torch.cat([torch.ones(frames, dtype=torch.bool), torch.zeros(len(k), dtype=torch.bool)])
    frame = torch.cat([t, (k + 1) * segment_length + i])
    pos = torch.cat([t % segment_length, segment_length + i])
    return segment, is_main, frame, pos


def attention_bias(rows, lengths, left_context):
    """Additive bias [B, N, N]: 0 where visible, HIDDEN elsewhere (float32)."""
    segment, is_main, frame, _ = rows
    q, k = segment[:, None], segment[None, :]
    window = torch.where(is_main[None, :], (k <= q) & (k >= q - left_context), k == q)
    inside = frame[None, :] < lengths[:, None]
    visible = window[None] & inside[:, None, :]
    zero = torch.zeros((), dtype=torch.float32)
    return torch.where(visible, zero, torch.tensor(HIDDEN, dtype=torch.float32))


def conv_taps(rows, kernel):
    """Gather indices [N, kernel] of the causal depthwise convolution inside each segment (N = the zero row)."""
    segment, _, _, pos = rows
    n = len(segment)
    index = {(int(s), int(p)): i for i, (s, p) in enumerate(zip(segment.tolist(), pos.tolist()))}
    taps = [
        [index.get((s, p - (kernel - 1) + j), n) for j in range(kernel)]
        for s, p in zip(segment.tolist(), pos.tolist())
    ]
    return torch.tensor(taps, dtype=torch.long)
