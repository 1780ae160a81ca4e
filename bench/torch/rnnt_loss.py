"""torchaudio.functional.rnnt_loss forward + backward at the bench shapes (default B=8 T=150 U=40 V=256).
Prints one JSON line with ms per forward+backward."""
import argparse
import json
import resource
import statistics
import time

import torch
import torchaudio


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--frames", type=int, default=150)
    parser.add_argument("--labels", type=int, default=40)
    parser.add_argument("--vocab", type=int, default=256)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    b, t, u, v = args.batch, args.frames, args.labels, args.vocab
    logits = torch.randn(b, t, u + 1, v, requires_grad=True)
    targets = torch.randint(1, v, (b, u), dtype=torch.int32)
    logit_lengths = torch.full((b,), t, dtype=torch.int32)
    target_lengths = torch.full((b,), u, dtype=torch.int32)
    times, cpu_times = [], []
    loss_value = None
    for step in range(args.warmup + args.steps):
        start, cpu_start = time.perf_counter(), time.process_time()
        logits.grad = None
        loss = torchaudio.functional.rnnt_loss(logits, targets, logit_lengths, target_lengths, blank=0, reduction="mean")
        loss.backward()
        loss_value = loss.item()
        if step >= args.warmup:
            times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu_start) * 1000)
    print(json.dumps({
        "msPerStep": statistics.median(times),
        "cpuMsPerStep": statistics.median(cpu_times),
        "samples": times,
        "loss": loss_value,
        "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "torchaudio": torchaudio.__version__,
    }))


if __name__ == "__main__":
    main()
