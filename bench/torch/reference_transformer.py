"""The reference model of the performance issue in PyTorch, identical to bench/reference-transformer.ts:
4-layer pre-LN transformer encoder (d_model 144, 4 heads, FFN 576, ReLU), final LayerNorm, linear to
64 classes; batch 8 x 100 frames x 80 inputs; Adam. Prints one JSON line with ms per training step."""
import argparse
import json
import math

import torch
from torch import nn

from timing import time_training

B, T, F, D, H, FFN, LAYERS, CLASSES = 8, 100, 80, 144, 4, 576, 4, 64


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(D)
        self.qkv = nn.Linear(D, 3 * D)
        self.out = nn.Linear(D, D)
        self.norm2 = nn.LayerNorm(D)
        self.ffn1 = nn.Linear(D, FFN)
        self.ffn2 = nn.Linear(FFN, D)

    def forward(self, x):
        head = D // H
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        split = lambda t: t.reshape(B, T, H, head).transpose(1, 2)
        scores = torch.matmul(split(q) / math.sqrt(head), split(k).transpose(-1, -2))
        mixed = torch.matmul(scores.softmax(-1), split(v)).transpose(1, 2).reshape(B, T, D)
        x = x + self.out(mixed)
        return x + self.ffn2(torch.relu(self.ffn1(self.norm2(x))))


class Reference(nn.Module):
    def __init__(self):
        super().__init__()
        self.input = nn.Linear(F, D)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.norm = nn.LayerNorm(D)
        self.output = nn.Linear(D, CLASSES)

    def forward(self, x):
        h = self.input(x)
        for block in self.blocks:
            h = block(h)
        return self.output(self.norm(h))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = Reference()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(B, T, F)
    labels = torch.randint(0, CLASSES, (B * T,))
    loss_fn = lambda: nn.functional.cross_entropy(model(x).reshape(B * T, CLASSES), labels)
    print(json.dumps(time_training(model, optimizer, loss_fn, args.warmup, args.steps)))


if __name__ == "__main__":
    main()
