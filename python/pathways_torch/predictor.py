"""The prediction network of src/engine/model/predictor.ts: position u of the output (u = 0 .. U) summarises the
labels y_1 .. y_u with blank prepended. Stateless: ReLU of a depthwise 1-D convolution over the last `context`
token embeddings (blank-padded on the left); lstm: stacked LSTM (gates i, f, g, o), output = top hidden state."""
import torch


def predict(config, p, tokens, blank=0):
    """tokens [B, U] long -> [B, U + 1, P]."""
    b, length = tokens.shape
    table = p["predictor.embedding.weight"]
    pred = config["predictor"]
    if pred["kind"] == "stateless":
        context = pred["context"]
        padded = torch.cat([tokens.new_full((b, context), blank), tokens], dim=1)
        windows = torch.stack([padded[:, i : i + length + 1] for i in range(context)], dim=2)
        return torch.relu((table[windows] * p["predictor.conv.weight"]).sum(2))
    inputs = table[torch.cat([tokens.new_full((b, 1), blank), tokens], dim=1)]
    hidden = pred["hiddenDim"]
    h = [inputs.new_zeros(b, hidden) for _ in range(pred["layers"])]
    c = [inputs.new_zeros(b, hidden) for _ in range(pred["layers"])]
    outputs = []
    for u in range(length + 1):
        x = inputs[:, u]
        for layer in range(pred["layers"]):
            name = f"predictor.lstm.{layer}"
            gates = x @ p[f"{name}.w_ih"] + h[layer] @ p[f"{name}.w_hh"] + p[f"{name}.bias"]
            i, f, g, o = gates.split(hidden, dim=1)
            c[layer] = torch.sigmoid(f) * c[layer] + torch.sigmoid(i) * torch.tanh(g)
            h[layer] = torch.sigmoid(o) * torch.tanh(c[layer])
            x = h[layer]
        outputs.append(x)
    return torch.stack(outputs, dim=1)
