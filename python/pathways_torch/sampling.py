"""The engine's batch plan and language sampler, ported exactly so a run draws the same batches on either runner
(src/engine/model/random.ts, src/engine/train/batching.ts, src/engine/pathways/language-sampler.ts,
src/engine/train/batch-source.ts): mulberry32 generators, length-bucketed batches of at most `maxFrames` padded
frames shuffled per (seed, epoch), and per step either one mixed batch or the sampled languages' batches."""
import math

from .params import derive_seed

MIXED_STREAM = "*"


class SeededRandom:
    """mulberry32 with a one-uint32 state, as model/random.ts."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = math.floor(self.next() * (i + 1))
            items[i], items[j] = items[j], items[i]
        return items


def plan_batches(frames, max_frames, seed, epoch):
    """Indices of `frames` in batches: sorted by length (seeded tie-break), packed while size x longest <= max_frames,
    then the batch order shuffled."""
    rng = SeededRandom(derive_seed(seed, f"epoch:{epoch}"))
    tiebreak = [rng.next() for _ in frames]
    order = sorted(range(len(frames)), key=lambda i: (frames[i], tiebreak[i]))
    batches, current = [], []
    for index in order:
        if current and (len(current) + 1) * frames[index] > max_frames:
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return rng.shuffle(batches)


class BatchStream:
    """A stream's batches epoch after epoch; its position is what the checkpoint's sampler state records."""

    def __init__(self, frames, max_frames, seed):
        self.frames, self.max_frames, self.seed = frames, max_frames, seed
        self.epoch, self.index = 0, 0
        self.plan = plan_batches(frames, max_frames, seed, 0)

    def next(self):
        if self.index >= len(self.plan):
            self.epoch, self.index = self.epoch + 1, 0
            self.plan = plan_batches(self.frames, self.max_frames, self.seed, self.epoch)
        self.index += 1
        return self.plan[self.index - 1]

    @property
    def position(self):
        return {"epoch": self.epoch, "index": self.index}

    @position.setter
    def position(self, at):
        self.epoch, self.index = int(at["epoch"]), int(at["index"])
        self.plan = plan_batches(self.frames, self.max_frames, self.seed, self.epoch)


def language_weights(sizes, scheme, temperature=1):
    languages = sorted(sizes)
    raw = [1 if scheme == "uniform" else sizes[l] if scheme == "proportional" else sizes[l] ** (1 / temperature)
           for l in languages]
    return {l: w / sum(raw) for l, w in zip(languages, raw)}


class LanguageSampler:
    """'all': every language each step, share = its weight; 'sample': `batchesPerStep` draws, share 1/k each."""

    def __init__(self, sizes, options):
        self.weights = language_weights(sizes, options["scheme"], options.get("temperature", 1))
        self.mode = options.get("mode", "all")
        self.batches_per_step = options.get("batchesPerStep", len(self.weights))
        self.random = SeededRandom(options.get("seed", 0))

    def next(self):
        if self.mode == "all":
            return list(self.weights.items())
        entries = list(self.weights.items())
        picks = []
        for _ in range(self.batches_per_step):
            u = self.random.next()
            pick = entries[-1][0]
            for language, weight in entries:
                u -= weight
                if u < 0:
                    pick = language
                    break
            picks.append((pick, 1 / self.batches_per_step))
        return picks


class BatchSource:
    """Each step's drawn batches as (language or None, share, indices into that stream's examples)."""

    def __init__(self, frames_by_stream, batch_frames, seed, sampling=None):
        self.sampler = None
        if sampling is None:
            self.streams = {MIXED_STREAM: BatchStream(frames_by_stream[MIXED_STREAM], batch_frames, seed)}
            return
        sizes = {l: len(f) for l, f in frames_by_stream.items()}
        self.sampler = LanguageSampler(sizes, sampling)
        per_batch = max(1, math.floor(batch_frames / self.sampler.batches_per_step))
        self.streams = {l: BatchStream(f, per_batch, seed) for l, f in sorted(frames_by_stream.items())}

    def next(self):
        if self.sampler is None:
            return [(None, 1.0, self.streams[MIXED_STREAM].next())]
        return [(language, share, self.streams[language].next()) for language, share in self.sampler.next()]

    def export_state(self):
        state = {"streams": {key: s.position for key, s in self.streams.items()}}
        if self.sampler is not None:
            state["random"] = self.sampler.random.state
        return state

    def import_state(self, state, source):
        if sorted(state.get("streams", {})) != sorted(self.streams):
            raise ValueError(f"{source}: its batch streams are {sorted(state.get('streams', {}))}, "
                             f"this training has {sorted(self.streams)}")
        for key, at in state["streams"].items():
            self.streams[key].position = at
        if self.sampler is not None:
            self.sampler.random = SeededRandom(int(state["random"]))
