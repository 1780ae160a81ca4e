"""AdamW as src/engine/train/adamw.ts with its fused update (src/engine/kernels/adam-update.ts): per element in
float64, rounded to float32 once when stored; decoupled weight decay except for biases, norms and embeddings;
where an update mask is 0 the weight and both moments are left bit for bit as they were. State tensors are named
as in the engine's checkpoints: `optimizer.m.<param>`, `optimizer.v.<param>`, `optimizer.step`."""
import math
import re

import numpy as np
import torch

NO_DECAY = re.compile(r"(\.bias|_norm\.|\.norm\.|embedding)")


class AdamW:
    def __init__(self, named_params, lr=1e-3, beta1=0.9, beta2=0.98, eps=1e-8, weight_decay=0.0):
        self.params = dict(named_params)
        self.lr, self.beta1, self.beta2, self.eps, self.weight_decay = lr, beta1, beta2, eps, weight_decay
        self.m = {n: torch.zeros_like(p, dtype=torch.float32) for n, p in self.params.items()}
        self.v = {n: torch.zeros_like(p, dtype=torch.float32) for n, p in self.params.items()}
        self.steps = 0

    @torch.no_grad()
    def step(self, grads, lr=None, update_masks=None):
        """One update from name -> gradient (parameters without one are left alone)."""
        unknown = [n for n in grads if n not in self.params]
        if unknown:
            raise KeyError(f"gradient '{unknown[0]}' names no parameter")
        lr = self.lr if lr is None else lr
        self.steps += 1
        root_c2 = math.sqrt(1 - self.beta2**self.steps)
        scale = lr * root_c2 / (1 - self.beta1**self.steps)
        epsilon = self.eps * root_c2
        for name, p in self.params.items():
            if name not in grads:
                continue
            decay = self.weight_decay if self.weight_decay > 0 and not NO_DECAY.search(name) else 0.0
            g, m, v = grads[name].double(), self.m[name].double(), self.v[name].double()
            m_new = self.beta1 * m + (1 - self.beta1) * g
            v_new = self.beta2 * v + (1 - self.beta2) * g * g
            p_new = (1 - lr * decay) * p.double() - scale * m_new / (torch.sqrt(v_new) + epsilon)
            new = [p_new.float(), m_new.float(), v_new.float()]
            mask = None if update_masks is None else update_masks.get(name)
            if mask is not None:
                keep = mask > 0
                new = [torch.where(keep, n, old) for n, old in zip(new, (p, self.m[name], self.v[name]))]
            p.copy_(new[0])
            self.m[name], self.v[name] = new[1], new[2]

    def export_state(self):
        """name -> numpy array, as the engine's exportState."""
        out = {}
        for name in self.params:
            out[f"optimizer.m.{name}"] = self.m[name].cpu().numpy()
            out[f"optimizer.v.{name}"] = self.v[name].cpu().numpy()
        out["optimizer.step"] = np.array([self.steps], dtype=np.int32)
        return out

    def import_state(self, state):
        for name, p in self.params.items():
            for kind, target in (("m", self.m), ("v", self.v)):
                saved = state.get(f"optimizer.{kind}.{name}")
                if saved is None or tuple(saved.shape) != tuple(p.shape):
                    raise ValueError(f"optimizer state: tensor 'optimizer.{kind}.{name}' is missing or misshapen")
                target[name] = torch.from_numpy(np.array(saved, dtype=np.float32)).to(p.device)
        self.steps = int(state["optimizer.step"][0])
