"""Training data of the runner: one corpus file per language. A corpus file is safetensors holding `features`
[frames, inputDim] F32 (every utterance's frames, concatenated in corpus order), `frameOffsets` [N + 1] I32,
`targets` [labels] I32 (label ids >= 1, concatenated) and `targetOffsets` [N + 1] I32."""
import numpy as np
import torch

from . import safetensors


class Corpus:
    def __init__(self, tensors, path):
        self.features = tensors["features"]
        self.frame_offsets = tensors["frameOffsets"].astype(np.int64)
        self.targets = tensors["targets"]
        self.target_offsets = tensors["targetOffsets"].astype(np.int64)
        if len(self.frame_offsets) != len(self.target_offsets):
            raise ValueError(f"{path}: frameOffsets and targetOffsets count different utterances")
        # Feature frames and labels per utterance.
        self.frames = (self.frame_offsets[1:] - self.frame_offsets[:-1]).tolist()
        self.labels = (self.target_offsets[1:] - self.target_offsets[:-1]).tolist()

    @classmethod
    def read(cls, path, vocab_size):
        """A corpus file, its labels checked against the vocabulary (0 is blank)."""
        corpus = cls(safetensors.read_file(path)[0], path)
        if not corpus.frames:
            raise ValueError(f"{path}: no utterances")
        if corpus.targets.size and (corpus.targets.min() < 1 or corpus.targets.max() >= vocab_size):
            raise ValueError(f"{path}: labels must lie in [1, {vocab_size}) (0 is blank)")
        return corpus

    @classmethod
    def joined(cls, corpora):
        """The utterances of every corpus, in the given order (dense training's one mixed stream)."""
        offsets = lambda counts: np.concatenate([[0], np.cumsum([n for c in corpora for n in counts(c)])])
        tensors = {
            "features": np.concatenate([c.features for c in corpora]),
            "frameOffsets": offsets(lambda c: c.frames),
            "targets": np.concatenate([c.targets for c in corpora]),
            "targetOffsets": offsets(lambda c: c.labels),
        }
        return cls(tensors, "joined corpora")

    def collate(self, indices, device, label_width=1):
        """Padded batch (features [B, T, F], feature lengths, targets [B, U] long, target lengths); targets are at
        least `label_width` wide."""
        frames = [self.frames[i] for i in indices]
        labels = [self.labels[i] for i in indices]
        features = np.zeros((len(indices), max(frames), self.features.shape[1]), dtype=np.float32)
        targets = np.zeros((len(indices), max(*labels, label_width, 1)), dtype=np.int64)
        for b, i in enumerate(indices):
            features[b, : frames[b]] = self.features[self.frame_offsets[i] : self.frame_offsets[i + 1]]
            targets[b, : labels[b]] = self.targets[self.target_offsets[i] : self.target_offsets[i + 1]]
        return torch.from_numpy(features).to(device), frames, torch.from_numpy(targets).to(device), labels
