"""The engine's checkpoint format, version 2 (src/engine/train/checkpoint.ts), read and written: `<base>.safetensors`
with `model.<param>`, and in a training checkpoint `optimizer.*`, `mask/<key>/<param>` (bit-packed) and extra
state tensors; then `<base>.json`, written last (its presence marks the checkpoint complete), with format, version,
step, seed, config, the safetensors file's size and SHA-256, and the `training` section."""
import hashlib
import json
import os
import re

from . import masks as mask_sets
from . import safetensors

FORMAT, VERSION = "pathways-checkpoint", 2
MASK_PREFIX = "mask/"


def checkpoint_base(directory, step):
    return os.path.join(directory, f"step-{step:08d}")


def checkpoints_newest_first(directory):
    """Bases of the complete checkpoints (those with a sidecar) in `directory`, newest first."""
    if not os.path.isdir(directory):
        return []
    names = sorted((f for f in os.listdir(directory) if re.fullmatch(r"step-\d+\.json", f)), reverse=True)
    return [os.path.join(directory, f[: -len(".json")]) for f in names]


def write_checkpoint(base, params, step, seed, config, training=None):
    """`params`: name -> float32 array. `training`: {tensors, sampler, masks: {key: {name: 0/1}}, state, job}."""
    tensors = {f"model.{name}": value for name, value in params.items()}
    section = None
    if training is not None:
        tensors.update(training.get("tensors", {}))
        metadata = {}
        for key, mask_set in training.get("masks", {}).items():
            packed, metadata[key] = mask_sets.to_safetensors(mask_set)
            tensors.update({f"{MASK_PREFIX}{key}/{name}": t for name, t in packed.items()})
        section = {"sampler": training["sampler"], "masks": metadata}
        section.update({k: training[k] for k in ("state", "job") if training.get(k) is not None})
    data = safetensors.write_file(f"{base}.safetensors", tensors, {"format": "pathways-rnnt", "step": str(step)})
    sidecar = {
        "format": FORMAT,
        "version": VERSION,
        "step": step,
        "seed": seed,
        "config": config,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    if section is not None:
        sidecar["training"] = section
    safetensors.replace_file(f"{base}.json", json.dumps(sidecar, indent=2))


def read_checkpoint(base):
    """{step, seed, config, model: {name: array}, tensors: other tensors, training: section with masks decoded}.
    Raises naming the file when the sidecar's version, size or SHA-256 does not match."""
    with open(f"{base}.json", encoding="utf-8") as f:
        sidecar = json.load(f)
    if sidecar.get("format") != FORMAT or sidecar.get("version") != VERSION:
        raise ValueError(f"checkpoint {base}.json is not '{FORMAT}' version {VERSION}")
    with open(f"{base}.safetensors", "rb") as f:
        data = f.read()
    if len(data) != sidecar["bytes"] or hashlib.sha256(data).hexdigest() != sidecar["sha256"]:
        raise ValueError(f"checkpoint {base}.safetensors does not match the size or SHA-256 its sidecar records")
    tensors, _ = safetensors.decode(data, f"{base}.safetensors")
    model = {k[len("model.") :]: v for k, v in tensors.items() if k.startswith("model.")}
    rest = {k: v for k, v in tensors.items() if not k.startswith("model.") and not k.startswith(MASK_PREFIX)}
    content = {"step": sidecar["step"], "seed": sidecar["seed"], "config": sidecar["config"], "model": model,
               "tensors": rest}
    training = sidecar.get("training")
    if training is not None:
        decoded = {}
        for key, metadata in training.get("masks", {}).items():
            prefix = f"{MASK_PREFIX}{key}/"
            own = {k[len(prefix) :]: v for k, v in tensors.items() if k.startswith(prefix)}
            decoded[key] = mask_sets.from_safetensors(own, metadata, f"{base} mask '{key}'")
        content["training"] = {**training, "masks": decoded}
    return content
