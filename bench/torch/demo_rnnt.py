"""The demo RNN-T model of src/engine/model (preset 'demo') in PyTorch, identical layer for layer, and its
training step on the batch of bench/cases/demo-rnnt.ts: 8 utterances x 750 feature frames x 80 inputs,
80 labels each; conv subsampling x4 (3x3 stride 2, twice, 64 channels, ReLU) then linear to d 144;
4 pre-LN blocks (d 144, 4 heads, FFN 576, ReLU) under the streaming chunk mask (8-frame segments,
2 segments of left context); final LayerNorm; stateless predictor (embedding 144 of the last 2 tokens,
depthwise weights, ReLU); joiner tanh(enc_proj + pred_proj) -> 256 -> 43; torchaudio rnnt_loss (blank 0,
mean over utterances); Adam (0.9, 0.98). Prints one JSON line with ms per training step."""
import argparse
import json
import math

import torch
import torchaudio
from torch import nn

from timing import time_training

B, FRAMES, LABELS = 8, 750, 80
INPUT, CHANNELS, D, HEADS, FFN, LAYERS = 80, 64, 144, 4, 576, 4
SEGMENT, LEFT_CONTEXT = 8, 2
EMBEDDING, CONTEXT, JOINER, VOCAB, BLANK = 144, 2, 256, 43, 0
HIDDEN = -1e9


def chunk_bias(frames, lengths):
    """Additive attention bias [B, T, T] of src/engine/model/layout.ts (no look-ahead): query frame i sees
    key frame j when j's segment lies in [seg(i) - LEFT_CONTEXT, seg(i)] and j is inside the utterance."""
    seg = torch.arange(frames) // SEGMENT
    visible = (seg[None, :] <= seg[:, None]) & (seg[None, :] >= seg[:, None] - LEFT_CONTEXT)
    inside = torch.arange(frames)[None, :] < torch.tensor(lengths)[:, None]
    mask = visible[None, :, :] & inside[:, None, :]
    return torch.where(mask, torch.tensor(0.0), torch.tensor(HIDDEN))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn_norm = nn.LayerNorm(D)
        self.wq, self.wk, self.wv, self.wo = (nn.Linear(D, D) for _ in range(4))
        self.ffn_norm = nn.LayerNorm(D)
        self.w1 = nn.Linear(D, FFN)
        self.w2 = nn.Linear(FFN, D)

    def forward(self, x, bias):
        b, t, _ = x.shape
        head = D // HEADS
        normed = self.attn_norm(x)
        split = lambda y: y.reshape(b, t, HEADS, head).transpose(1, 2)
        scores = torch.matmul(split(self.wq(normed)), split(self.wk(normed)).transpose(-1, -2)) / math.sqrt(head)
        weights = (scores + bias[:, None]).softmax(-1)
        mixed = torch.matmul(weights, split(self.wv(normed))).transpose(1, 2).reshape(b, t, D)
        x = x + self.wo(mixed)
        return x + self.w2(torch.relu(self.w1(self.ffn_norm(x))))


class DemoRnnt(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, CHANNELS, 3, stride=2)
        self.conv2 = nn.Conv2d(CHANNELS, CHANNELS, 3, stride=2)
        freq = ((INPUT - 3) // 2 + 1 - 3) // 2 + 1
        self.sub_out = nn.Linear(CHANNELS * freq, D)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.final_norm = nn.LayerNorm(D)
        self.embedding = nn.Embedding(VOCAB, EMBEDDING)
        self.pred_conv = nn.Parameter(torch.rand(CONTEXT, EMBEDDING) * 2 - 1)
        self.enc_proj = nn.Linear(D, JOINER)
        self.pred_proj = nn.Linear(EMBEDDING, JOINER)
        self.out = nn.Linear(JOINER, VOCAB)

    def encode(self, features, lengths):
        x = torch.relu(self.conv1(features[:, None]))
        x = torch.relu(self.conv2(x))  # [B, C, T', F'] -> [B, T', F' * C] in the engine's (F', C) order
        b, c, t, f = x.shape
        x = self.sub_out(x.permute(0, 2, 3, 1).reshape(b, t, f * c))
        out_lengths = [(l - 7) // 4 + 1 for l in lengths]
        bias = chunk_bias(t, out_lengths)
        for block in self.blocks:
            x = block(x, bias)
        return self.final_norm(x), out_lengths

    def predict(self, targets):
        b = targets.shape[0]
        padded = torch.cat([torch.full((b, CONTEXT), BLANK, dtype=targets.dtype), targets], 1)
        windows = torch.stack([padded[:, i : i + targets.shape[1] + 1] for i in range(CONTEXT)], 2)
        return torch.relu((self.embedding(windows) * self.pred_conv).sum(2))

    def forward(self, features, lengths, targets, target_lengths):
        encoded, out_lengths = self.encode(features, lengths)
        joint = self.enc_proj(encoded)[:, :, None] + self.pred_proj(self.predict(targets))[:, None]
        logits = self.out(torch.tanh(joint))
        return torchaudio.functional.rnnt_loss(
            logits,
            targets.int(),
            torch.tensor(out_lengths, dtype=torch.int32),
            target_lengths,
            blank=BLANK,
            reduction="mean",
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = DemoRnnt()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98))
    features = torch.randn(B, FRAMES, INPUT)
    lengths = [FRAMES] * B
    targets = torch.randint(1, VOCAB, (B, LABELS), dtype=torch.int32)
    target_lengths = torch.full((B,), LABELS, dtype=torch.int32)
    result = time_training(
        model, optimizer, lambda: model(features, lengths, targets, target_lengths), args.warmup, args.steps
    )
    result["audioSecondsPerSecond"] = B * FRAMES / 100 / (result["msPerStep"] / 1000)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
