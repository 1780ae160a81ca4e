"""Training data of the runner: one corpus file per language, and seeded batch streams over it.

A corpus file is safetensors holding `features` [frames, inputDim] F32 (every utterance's frames, concatenated),
`frameOffsets` [N + 1] I32, `targets` [labels] I32 (label ids >= 1, concatenated) and `targetOffsets` [N + 1] I32.
A stream visits a language's utterances in a seeded permutation per epoch, `batch` at a time; its position
(epoch, index of the next utterance) is the `training.sampler.streams` entry of the engine's checkpoints."""
import zlib

import numpy as np
import torch

from . import safetensors


class Corpus:
    def __init__(self, path):
        tensors, _ = safetensors.read_file(path)
        self.features = tensors["features"]
        self.frame_offsets = tensors["frameOffsets"].astype(np.int64)
        self.targets = tensors["targets"]
        self.target_offsets = tensors["targetOffsets"].astype(np.int64)
        if len(self.frame_offsets) != len(self.target_offsets):
            raise ValueError(f"{path}: frameOffsets and targetOffsets count different utterances")

    def __len__(self):
        return len(self.frame_offsets) - 1

    def collate(self, indices, device):
        """Padded batch (features [B, T, F], feature lengths, targets [B, U] long, target lengths)."""
        frames = [int(self.frame_offsets[i + 1] - self.frame_offsets[i]) for i in indices]
        labels = [int(self.target_offsets[i + 1] - self.target_offsets[i]) for i in indices]
        features = np.zeros((len(indices), max(frames), self.features.shape[1]), dtype=np.float32)
        targets = np.zeros((len(indices), max(max(labels), 1)), dtype=np.int64)
        for b, i in enumerate(indices):
            features[b, : frames[b]] = self.features[self.frame_offsets[i] : self.frame_offsets[i + 1]]
            targets[b, : labels[b]] = self.targets[self.target_offsets[i] : self.target_offsets[i + 1]]
        return torch.from_numpy(features).to(device), frames, torch.from_numpy(targets).to(device), labels


class BatchStream:
    """The utterance indices of a language's successive global batches."""

    def __init__(self, language, size, batch, seed):
        self.size, self.batch = size, batch
        self.seed = [seed & 0xFFFFFFFF, zlib.crc32(language.encode("utf-8"))]
        self.epoch, self.index = 0, 0

    def _order(self, epoch):
        return np.random.default_rng([*self.seed, epoch]).permutation(self.size)

    def next(self):
        out = []
        while len(out) < self.batch:
            if self.index >= self.size:
                self.epoch, self.index = self.epoch + 1, 0
            take = min(self.batch - len(out), self.size - self.index)
            out.extend(self._order(self.epoch)[self.index : self.index + take].tolist())
            self.index += take
        return out

    @property
    def position(self):
        return {"epoch": self.epoch, "index": self.index}

    @position.setter
    def position(self, at):
        self.epoch, self.index = int(at["epoch"]), int(at["index"])
