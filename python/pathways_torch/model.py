"""The RNN-T model: an nn.Module whose named_parameters() are exactly the engine's parameter names and shapes
(src/engine/model/params.ts), and the batch loss of src/engine/model/rnnt-model.ts (full lattice)."""
import torch
from torch import nn

from .config import parse_config
from .encoder import encode, linear
from .loss import rnnt_loss
from .params import init_params, initial_values, simple_joiner_specs
from .predictor import predict
from .pruned_loss import pruned_batch_loss

BLANK = 0


class RnntModel(nn.Module):
    """Parameters in nested submodules so that `encoder.layers.0.attn.wq.weight` is a real parameter name; with
    `simple_joiner`, also the pruned loss's training-only `simple_am_proj` and `simple_lm_proj`."""

    def __init__(self, config, seed=0, simple_joiner=False):
        super().__init__()
        self.config = parse_config(config)
        values = init_params(self.config, seed)
        for name, shape, init in simple_joiner_specs(self.config) if simple_joiner else []:
            values[name] = initial_values(name, shape, init, seed)
        for name, value in values.items():
            *path, leaf = name.split(".")
            owner = self
            for part in path:
                if part not in owner._modules:
                    owner.add_module(part, nn.Module())
                owner = owner._modules[part]
            owner.register_parameter(leaf, nn.Parameter(torch.from_numpy(value)))

    def param_map(self, masks=None):
        """name -> tensor the forward reads: θ, or θ ⊙ mask for masked names (so the gradient is mask ⊙ ∇L)."""
        masks = masks or {}
        return {n: (t * masks[n] if n in masks else t) for n, t in self.named_parameters()}

    def forward(self, features, feature_lengths, targets, target_lengths, masks=None, dropout=None, reduction="mean",
                pruned=None):
        """RNN-T loss of a padded batch ('mean' over utterances by default); the pruned loss with `pruned` options."""
        return batch_loss(self.config, self.param_map(masks), features, feature_lengths, targets, target_lengths,
                          dropout=dropout, reduction=reduction, pruned=pruned)


def batch_loss(config, p, features, feature_lengths, targets, target_lengths, dropout=None, reduction="mean",
               pruned=None):
    drop = dropout or (lambda x: x)
    encoded, logit_lengths = encode(config, p, features, feature_lengths, drop)
    if int(logit_lengths.min()) < 1:
        raise ValueError("an utterance is too short: its feature frames give no encoder frame")
    predicted = predict(config, p, targets, BLANK)
    if pruned is not None:
        return pruned_batch_loss(p, encoded, predicted, targets, logit_lengths, target_lengths, pruned, reduction)
    e = linear(p, "joiner.enc_proj", encoded)[:, :, None]
    q = linear(p, "joiner.pred_proj", predicted)[:, None]
    logits = linear(p, "joiner.out", torch.tanh(e + q))
    return rnnt_loss(logits, targets, logit_lengths, torch.as_tensor(target_lengths), BLANK, reduction)
