"""Entry point: `torchrun --nproc_per_node N -m pathways_torch.train --config run.json` (or plain `python -m` for
one process). The config (JSON) holds `model` (the engine's RNN-T config), `seed`, `steps`, `batchFrames` (most
padded feature frames per step, over all ranks), `data` (language -> corpus file, see data.py), optional
`sampling` (the engine's language sampler options: scheme, temperature, mode, batchesPerStep, seed; without it
one mixed stream of every language's utterances), optional `masks` (language -> mask-set file, needs sampling), `loss` ({"kind": "full"} by default, or the engine's pruned-loss options
{"kind": "pruned", pruneRange, lmScale, amScale, simpleLossScale, warmupSteps}), `schedule`, `clipNorm` (default 5), `weightDecay`, `dropout` (bool),
`checkpoints` ({dir, every}), optional `init` (a checkpoint base whose weights a fresh run starts from) and `metrics` (a JSON-lines file rank 0 appends one line per step to). With
`PATHWAYS_PARENT_PID` set, every rank exits once that process is gone (watchdog.py)."""
import argparse
import json
import os

from .distributed import Group
from .trainer import Trainer
from .watchdog import watch_parent_from_env


def main(argv=None):
    parser = argparse.ArgumentParser(prog="pathways_torch.train", description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True, help="training config (JSON)")
    args = parser.parse_args(argv)
    with open(args.config, encoding="utf-8") as f:
        spec = json.load(f)
    watch_parent_from_env()
    os.makedirs(spec["checkpoints"]["dir"], exist_ok=True)
    group = Group()
    try:
        trainer = Trainer(spec, group)
        base = trainer.resume()
        if base and group.is_main:
            print(f"resuming from {base} (step {trainer.step})", flush=True)
        if not base and spec.get("init"):
            trainer.start_from(spec["init"])
        trainer.run()
    finally:
        group.close()


if __name__ == "__main__":
    main()
