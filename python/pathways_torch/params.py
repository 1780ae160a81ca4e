"""Parameter names, shapes and initial values exactly as src/engine/model/params.ts: linear weights [in, out],
conv2d filters [kh, kw, in, out] (NHWC), depthwise filters [kernel, channels]. The same seed gives the same
float32 values as the engine (mulberry32 streams seeded by FNV-1a of the name, vectorised with numpy)."""
import math

import numpy as np

from .config import predictor_output_dim, second_conv_geometry, subsampled_feature_dim


def _uniform(fan_in):
    return ("uniform", 1 / math.sqrt(fan_in))


ONES, ZEROS = ("constant", 1.0), ("constant", 0.0)


def _linear(name, d_in, d_out):
    return [(f"{name}.weight", [d_in, d_out], _uniform(d_in)), (f"{name}.bias", [d_out], _uniform(d_in))]


def _norm(name, dim):
    return [(f"{name}.weight", [dim], ONES), (f"{name}.bias", [dim], ZEROS)]


def _encoder_specs(c):
    ch = c["subsamplingChannels"]
    kernel, _ = second_conv_geometry(c["subsampling"])
    specs = [
        ("encoder.subsampling.conv1.weight", [3, 3, 1, ch], _uniform(9)),
        ("encoder.subsampling.conv1.bias", [ch], _uniform(9)),
        ("encoder.subsampling.conv2.weight", [kernel, kernel, ch, ch], _uniform(kernel * kernel * ch)),
        ("encoder.subsampling.conv2.bias", [ch], _uniform(kernel * kernel * ch)),
        *_linear("encoder.subsampling.out", ch * subsampled_feature_dim(c["inputDim"], c["subsampling"]), c["dModel"]),
    ]
    d = c["dModel"]
    for i in range(c["layers"]):
        p = f"encoder.layers.{i}"
        specs += _norm(f"{p}.attn_norm", d)
        for w in ("wq", "wk", "wv", "wo"):
            specs += _linear(f"{p}.attn.{w}", d, d)
        if c["convModule"]:
            specs += _norm(f"{p}.conv_norm", d)
            specs += _linear(f"{p}.conv.pointwise1", d, 2 * d)
            specs.append((f"{p}.conv.depthwise.weight", [c["convKernel"], d], _uniform(c["convKernel"])))
            specs.append((f"{p}.conv.depthwise.bias", [d], _uniform(c["convKernel"])))
            specs += _norm(f"{p}.conv.norm", d)
            specs += _linear(f"{p}.conv.pointwise2", d, d)
        specs += _norm(f"{p}.ffn_norm", d)
        specs += _linear(f"{p}.ffn.w1", d, c["ffnDim"])
        specs += _linear(f"{p}.ffn.w2", c["ffnDim"], d)
    specs += _norm("encoder.final_norm", d)
    return specs


def _predictor_specs(c):
    p = c["predictor"]
    specs = [("predictor.embedding.weight", [c["vocabSize"], p["embeddingDim"]], ("normal", 1.0))]
    if p["kind"] == "stateless":
        return specs + [("predictor.conv.weight", [p["context"], p["embeddingDim"]], _uniform(p["context"]))]
    h = p["hiddenDim"]
    for layer in range(p["layers"]):
        d_in = p["embeddingDim"] if layer == 0 else h
        prefix = f"predictor.lstm.{layer}"
        specs += [
            (f"{prefix}.w_ih", [d_in, 4 * h], _uniform(h)),
            (f"{prefix}.w_hh", [h, 4 * h], _uniform(h)),
            (f"{prefix}.bias", [4 * h], _uniform(h)),
        ]
    return specs


def _joiner_specs(c):
    j = c["joinerDim"]
    return (
        _linear("joiner.enc_proj", c["dModel"], j)
        + _linear("joiner.pred_proj", predictor_output_dim(c), j)
        + _linear("joiner.out", j, c["vocabSize"])
    )


def parameter_specs(config):
    """Every parameter as (name, shape, init), in the engine's order."""
    return _encoder_specs(config) + _predictor_specs(config) + _joiner_specs(config)


def derive_seed(seed, name):
    """FNV-1a of `name` started from the seed (model/random.ts deriveSeed)."""
    h = (0x811C9DC5 ^ (seed & 0xFFFFFFFF)) & 0xFFFFFFFF
    for ch in name:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def mulberry32(seed, count):
    """The first `count` outputs in [0, 1) of the engine's SeededRandom(seed): its state is a counter."""
    with np.errstate(over="ignore"):
        s = (np.uint32(seed) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x6D2B79F5)).astype(np.uint32)
        t = (s ^ (s >> np.uint32(15))) * (s | np.uint32(1))
        t ^= t + (t ^ (t >> np.uint32(7))) * (t | np.uint32(61))
        return (t ^ (t >> np.uint32(14))).astype(np.float64) / 4294967296.0


def initial_values(name, shape, init, seed):
    size = int(np.prod(shape, dtype=np.int64))
    kind, value = init
    if kind == "constant":
        return np.full(shape, value, dtype=np.float32)
    stream = mulberry32(derive_seed(seed, name), size if kind == "uniform" else 2 * size)
    if kind == "uniform":
        values = (2 * stream - 1) * value
    else:
        u, v = 1 - stream[0::2], stream[1::2]
        values = np.sqrt(-2 * np.log(u)) * np.cos(2 * math.pi * v) * value
    return values.astype(np.float32).reshape(shape)


def init_params(config, seed):
    """name -> float32 numpy array, the engine's initParams(config, seed) value for value."""
    return {name: initial_values(name, shape, init, seed) for name, shape, init in parameter_specs(config)}


def simple_joiner_specs(config):
    """The pruned loss's training-only simple joiner (src/engine/model/simple-joiner.ts)."""
    return _linear("simple_am_proj", config["dModel"], config["vocabSize"]) + _linear(
        "simple_lm_proj", predictor_output_dim(config), config["vocabSize"]
    )
