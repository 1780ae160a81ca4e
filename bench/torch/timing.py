"""The timing loop every PyTorch reference shares: warm-up steps, then wall and CPU milliseconds per step
(medians), the first and last loss and peak RSS, as the dict the script prints as one JSON line."""
import resource
import statistics
import time

import torch


def time_training(model, optimizer, loss_fn, warmup, steps):
    times, cpu_times, losses = [], [], []
    for step in range(warmup + steps):
        start, cpu_start = time.perf_counter(), time.process_time()
        optimizer.zero_grad()
        loss = loss_fn()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if step >= warmup:
            times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu_start) * 1000)
    return {
        "params": sum(p.numel() for p in model.parameters()),
        "msPerStep": statistics.median(times),
        "cpuMsPerStep": statistics.median(cpu_times),
        "samples": times,
        "firstLoss": losses[0],
        "lastLoss": losses[-1],
        "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "torch": torch.__version__,
    }
