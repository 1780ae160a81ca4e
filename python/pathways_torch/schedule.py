"""Learning-rate schedules of src/engine/train/schedule.ts (camelCase config as the engine's): constant,
tri-stage, cosine, warm-up + inverse square root, and a fine-tuning run's `continued` schedule."""
import math

TRI_STAGE_DEFAULTS = {"initScale": 0.01, "finalScale": 0.05}


def learning_rate(schedule, step):
    """Learning rate of update number `step` (1-based)."""
    kind = schedule["kind"]
    if kind == "continued":
        warmup = schedule.get("warmupSteps", 0)
        warm = min(1, step / warmup) if warmup > 0 else 1
        return warm * learning_rate(schedule["base"], schedule["offset"] + step)
    if kind == "constant":
        return schedule["lr"]
    if kind == "tri-stage":
        s = {**TRI_STAGE_DEFAULTS, **schedule}
        peak, warmup, init_scale, final_scale = s["peak"], s["warmupSteps"], s["initScale"], s["finalScale"]
        if step < warmup:
            return peak * (init_scale + ((1 - init_scale) * step) / warmup)
        into_decay = step - warmup - s["holdSteps"]
        if into_decay <= 0:
            return peak
        if into_decay >= s["decaySteps"]:
            return peak * final_scale
        return peak * math.exp((math.log(final_scale) * into_decay) / s["decaySteps"])
    if kind == "cosine":
        peak, warmup, total, min_lr = schedule["peak"], schedule["warmupSteps"], schedule["totalSteps"], schedule.get("minLr", 0)
        if step < warmup:
            return (peak * step) / warmup
        progress = min(1, (step - warmup) / max(1, total - warmup))
        return min_lr + (peak - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))
    if kind == "warmup-inverse-sqrt":
        peak, warmup = schedule["peak"], schedule["warmupSteps"]
        return peak * min(step / warmup, math.sqrt(warmup / step))
    raise ValueError(f"unknown learning-rate schedule '{kind}'")
