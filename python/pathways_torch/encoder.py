"""The streaming encoder of src/engine/model/{subsampling,attention,block,encoder}.ts as functions of a
name -> tensor map, in the engine's weight layouts."""
import math

import torch
import torch.nn.functional as F

from .config import second_conv_geometry, subsampled_length
from .layout import attention_bias, conv_taps, full_layout


def linear(p, name, x):
    """x [..., in] @ W [in, out] + b (the engine's layout)."""
    return torch.matmul(x, p[f"{name}.weight"]) + p[f"{name}.bias"]


def layer_norm(p, name, x):
    return F.layer_norm(x, x.shape[-1:], p[f"{name}.weight"], p[f"{name}.bias"], 1e-5)


def _conv_relu(p, name, x, stride):
    # Engine filters are [kh, kw, in, out] over NHWC; torch wants [out, in, kh, kw] over NCHW.
    weight = p[f"{name}.weight"].permute(3, 2, 0, 1)
    return torch.relu(F.conv2d(x, weight, p[f"{name}.bias"], stride=stride))


def subsample(config, p, features):
    """features [B, T, F] -> [B, T', dModel]: two valid convolutions with ReLU, then a linear map."""
    _, stride = second_conv_geometry(config["subsampling"])
    x = _conv_relu(p, "encoder.subsampling.conv1", features[:, None], 2)
    x = _conv_relu(p, "encoder.subsampling.conv2", x, stride)
    b, c, t, f = x.shape
    return linear(p, "encoder.subsampling.out", x.permute(0, 2, 3, 1).reshape(b, t, f * c))


def attention(p, name, x, bias, heads):
    b, n, d = x.shape
    split = lambda y: y.reshape(b, n, heads, d // heads).transpose(1, 2)
    q, k, v = (split(linear(p, f"{name}.{w}", x)) for w in ("wq", "wk", "wv"))
    scores = torch.matmul(q, k.transpose(-1, -2)) * (1 / math.sqrt(d // heads))
    weights = torch.softmax(scores + bias[:, None], dim=-1)
    return linear(p, f"{name}.wo", torch.matmul(weights, v).transpose(1, 2).reshape(b, n, d))


def conv_module(config, p, name, x, taps):
    b, n, d = x.shape
    a, gate = linear(p, f"{name}.pointwise1", x).chunk(2, dim=-1)
    padded = torch.cat([a * torch.sigmoid(gate), x.new_zeros(b, 1, d)], dim=1)
    gathered = padded[:, taps.reshape(-1)].reshape(b, n, config["convKernel"], d)
    depthwise = (gathered * p[f"{name}.depthwise.weight"]).sum(2) + p[f"{name}.depthwise.bias"]
    normed = layer_norm(p, f"{name}.norm", depthwise)
    return linear(p, f"{name}.pointwise2", normed * torch.sigmoid(normed))


def block(config, p, layer, x, bias, taps, dropout):
    """One pre-LN block: x + MHA(LN x); [x + Conv(LN x)]; x + FFN(LN x)."""
    name = f"encoder.layers.{layer}"
    y = x + dropout(attention(p, f"{name}.attn", layer_norm(p, f"{name}.attn_norm", x), bias, config["heads"]))
    if config["convModule"]:
        y = y + dropout(conv_module(config, p, f"{name}.conv", layer_norm(p, f"{name}.conv_norm", y), taps))
    hidden = torch.relu(linear(p, f"{name}.ffn.w1", layer_norm(p, f"{name}.ffn_norm", y)))
    return y + dropout(linear(p, f"{name}.ffn.w2", dropout(hidden)))


def encode(config, p, features, lengths, dropout=lambda x: x):
    """features [B, T, F], lengths [B] -> (output [B, T', dModel], encoder frames per utterance [B] long)."""
    x = dropout(subsample(config, p, features))
    b, frames, d = x.shape
    out_lengths = torch.tensor([min(subsampled_length(int(n), config["subsampling"]), frames) for n in lengths])
    rows = full_layout(frames, config["segmentLength"], config["lookAhead"])
    if len(rows[0]) > frames:
        x = torch.cat([x, x[:, rows[2][frames:].clamp(max=frames - 1)]], dim=1)
    bias = attention_bias(rows, out_lengths, config["leftContext"]).to(x.device)
    taps = conv_taps(rows, config["convKernel"]).to(x.device) if config["convModule"] else None
    for layer in range(config["layers"]):
        x = block(config, p, layer, x, bias, taps, dropout)
    return layer_norm(p, "encoder.final_norm", x[:, :frames]), out_lengths
