"""One training run on one rank, the engine's training loop (src/engine/train/loop.ts) data-parallel: every step
draws the engine's batches (sampling.py: one mixed batch, or the sampled languages' batches with their shares),
this rank computes the loss of its slice of each (utterances rank, rank + world, ...) through θ ⊙ m_l when
languages have masks, and gradients and loss sums are summed across ranks, so the step's gradient is
Σ share · m_l ⊙ ∇ mean loss whatever the world size. Then global-norm clipping and one AdamW step restricted to
the union of the masks of the step's languages. Rank 0 writes the metrics and engine-format checkpoints; a run
resumes from its newest readable checkpoint."""
import json
import math
import time

import torch
import torch.nn.functional as F

from . import masks as mask_sets
from . import safetensors
from .adamw import AdamW
from .checkpoint import checkpoint_base, checkpoints_newest_first, read_checkpoint, write_checkpoint
from .clip import clip_by_global_norm
from .data import Corpus
from .config import subsampled_length
from .model import RnntModel
from .prune_ranges import minimum_range
from .pruned_loss import pruned_loss_scale
from .sampling import MIXED_STREAM, BatchSource
from .schedule import learning_rate

FRAME_SHIFT_SECONDS = 0.01


class Trainer:
    def __init__(self, spec, group):
        self.spec, self.group = spec, group
        self.seed = int(spec["seed"])
        self.loss = spec.get("loss", {"kind": "full"})
        pruned = self.loss["kind"] == "pruned"
        self.model = RnntModel(spec["model"], self.seed, simple_joiner=pruned).to(group.device)
        self.config = self.model.config
        languages = sorted(spec["data"])
        corpora = {l: Corpus.read(spec["data"][l], self.config["vocabSize"]) for l in languages}
        sampling = spec.get("sampling")
        if sampling is None:
            if spec.get("masks"):
                raise ValueError("masked training needs `sampling` (one batch stream per language)")
            corpora = {MIXED_STREAM: Corpus.joined([corpora[l] for l in languages])}
        elif spec.get("masks") and sorted(spec["masks"]) != languages:
            raise ValueError(f"masked training needs one mask per language: masks for {sorted(spec['masks'])}, "
                             f"data for {languages}")
        self.corpora = corpora
        frames = {key: c.frames for key, c in corpora.items()}
        self.source = BatchSource(frames, int(spec["batchFrames"]), self.seed, sampling)
        self.optimizer = AdamW(self.model.named_parameters(), weight_decay=spec.get("weightDecay", 0.0))
        self.step = 0
        self._set_masks({l: self._read_mask_set(path) for l, path in spec.get("masks", {}).items()})

    def _read_mask_set(self, path):
        tensors, metadata = safetensors.read_file(path)
        return mask_sets.from_safetensors(tensors, metadata, path)

    def _set_masks(self, masks):
        """Masks as float tensors on the device; weights outside their union set to 0 (and kept there)."""
        self.masks = masks
        device = self.group.device
        self.mask_tensors = {l: {n: torch.from_numpy(m).float().to(device) for n, m in ms.items()} for l, ms in masks.items()}
        self.unions = {}
        params = dict(self.model.named_parameters())
        with torch.no_grad():
            for name, m in self._union(sorted(masks)).items():
                params[name].mul_(m)

    def _union(self, languages):
        """The update masks of a step with these languages (cached per set of languages)."""
        key = tuple(sorted(set(languages)))
        if key not in self.unions:
            union = {}
            for language in key:
                for name, m in self.mask_tensors[language].items():
                    union[name] = torch.maximum(union[name], m) if name in union else m
            self.unions[key] = union
        return self.unions[key]

    def start_from(self, base):
        """Start from the weights of checkpoint `base` (fine-tuning another run's model), names and shapes checked."""
        saved = read_checkpoint(base)["model"]
        params = dict(self.model.named_parameters())
        if sorted(saved) != sorted(params):
            raise ValueError(f"checkpoint {base} holds other parameters than this model: "
                             f"{sorted(set(saved) ^ set(params))[:3]}")
        with torch.no_grad():
            for name, p in params.items():
                if tuple(saved[name].shape) != tuple(p.shape):
                    raise ValueError(f"checkpoint {base}: {name} is {list(saved[name].shape)}, the model's {list(p.shape)}")
                p.copy_(torch.from_numpy(saved[name]))

    def resume(self):
        """Continue from the newest checkpoint that reads back intact; returns its base, or None."""
        for base in checkpoints_newest_first(self.spec["checkpoints"]["dir"]):
            try:
                saved = read_checkpoint(base)
            except (ValueError, OSError, KeyError) as error:
                if self.group.is_main:
                    print(f"checkpoint {base} is unreadable ({error}); falling back to an older one", flush=True)
                continue
            if saved["seed"] != self.seed:
                raise ValueError(f"checkpoint {base} has seed {saved['seed']}, this run {self.seed}")
            with torch.no_grad():
                for name, p in self.model.named_parameters():
                    p.copy_(torch.from_numpy(saved["model"][name]))
            self.optimizer.import_state(saved["tensors"])
            self.source.import_state(saved["training"]["sampler"], f"checkpoint {base}")
            if self.masks:
                saved_masks = saved["training"]["masks"]
                missing = [l for l in self.masks if l not in saved_masks and "all" not in saved_masks]
                if missing:
                    raise ValueError(f"checkpoint {base} holds no mask for language '{missing[0]}'")
                # As the engine's loop: a language's own mask, else the one stored for all languages.
                self._set_masks({l: saved_masks.get(l, saved_masks.get("all")) for l in self.masks})
            self.step = saved["step"]
            return base
        return None

    def _dropout(self):
        rate = self.config["dropout"] if self.spec.get("dropout") else 0
        if rate <= 0:
            return None
        torch.manual_seed((self.seed * 1_000_003 + self.step * 7_919 + self.group.rank) % (2**63))
        return lambda x: F.dropout(x, rate, training=True)

    def _pruned_options(self, corpus, indices):
        """The pruned loss's options for a drawn batch, or None for the full loss: the warm-up scale of this step,
        and the range raised as the whole batch needs (not just this rank's slice), so that every rank prunes as
        one process would."""
        if self.loss["kind"] != "pruned":
            return None
        keys = ("lmScale", "amScale", "simpleLossScale")
        needed = [minimum_range(subsampled_length(corpus.frames[i], self.config["subsampling"]), corpus.labels[i])
                  for i in indices]
        return {
            **{k: self.loss[k] for k in keys},
            "pruneRange": max(self.loss["pruneRange"], *needed),
            "prunedScale": pruned_loss_scale(self.step, self.loss["warmupSteps"]),
        }

    def train_step(self):
        """One step; returns its metrics (identical on every rank)."""
        started = time.perf_counter()
        self.step += 1
        lr = learning_rate(self.spec["schedule"], self.step)
        params = dict(self.model.named_parameters())
        for p in params.values():
            p.grad = None
        dropout = self._dropout()
        drawn = self.source.next()
        means = torch.zeros(len(drawn), dtype=torch.float64, device=self.group.device)
        frames = 0
        for i, (language, share, indices) in enumerate(drawn):
            corpus = self.corpora[language or MIXED_STREAM]
            frames += sum(corpus.frames[j] for j in indices)
            mine = indices[self.group.rank :: self.group.world]
            if not mine:
                continue
            # Labels padded to the whole batch's longest: the pruned loss's range is capped by that width.
            width = max(corpus.labels[j] for j in indices)
            features, lengths, targets, target_lengths = corpus.collate(mine, self.group.device, width)
            loss = self.model(features, lengths, targets, target_lengths, masks=self.mask_tensors.get(language),
                              dropout=dropout, reduction="sum", pruned=self._pruned_options(corpus, indices))
            (loss * (share / len(indices))).backward()
            means[i] = loss.detach().double() / len(indices)
        grads = {n: (p.grad if p.grad is not None else torch.zeros_like(p)) for n, p in params.items()}
        self.group.sum_([means])
        self.group.sum_(list(grads.values()))
        grads, norm = clip_by_global_norm(grads, self.spec.get("clipNorm", 5))
        loss = sum(share * float(means[i]) for i, (_, share, _) in enumerate(drawn))
        if not (math.isfinite(loss) and math.isfinite(norm)):
            raise FloatingPointError(f"step {self.step}: loss {loss}, gradient norm {norm}; no update applied")
        languages = [language for language, _, _ in drawn if language is not None]
        self.optimizer.step(grads, lr=lr, update_masks=self._union(languages) if self.masks else None)
        per_language = {}
        for i, language in enumerate(languages):
            per_language.setdefault(language, []).append(float(means[i]))
        return {
            "step": self.step,
            "loss": loss,
            **{f"loss/{l}": sum(v) / len(v) for l, v in sorted(per_language.items())},
            "lr": lr,
            "gradNorm": norm,
            "audioSeconds": frames * FRAME_SHIFT_SECONDS,
            "stepMs": (time.perf_counter() - started) * 1000,
        }

    def save(self):
        """Rank 0 writes a training checkpoint of this step; every rank waits for it."""
        if self.group.is_main:
            training = {"tensors": self.optimizer.export_state(), "sampler": self.source.export_state(),
                        "masks": self.masks}
            weights = {n: p.detach().cpu().numpy() for n, p in self.model.named_parameters()}
            base = checkpoint_base(self.spec["checkpoints"]["dir"], self.step)
            write_checkpoint(base, weights, self.step, self.seed, self.config, training)
        self.group.barrier()

    def run(self):
        """Train up to `steps`, checkpointing every `checkpoints.every` steps and at the end."""
        every = int(self.spec["checkpoints"].get("every", 0)) or None
        metrics = self.spec.get("metrics")
        saved = None
        while self.step < int(self.spec["steps"]):
            report = self.train_step()
            if metrics and self.group.is_main:
                with open(metrics, "a", encoding="utf-8") as f:
                    f.write(json.dumps(report) + "\n")
            if every and self.step % every == 0:
                self.save()
                saved = self.step
        if saved != self.step:
            self.save()
