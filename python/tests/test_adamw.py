import torch

from pathways_torch.adamw import AdamW


def test_masked_weights_and_moments_stay_bit_for_bit():
    torch.manual_seed(0)
    weight = torch.randn(6, 5)
    bias = torch.randn(5)
    params = {"layer.weight": weight, "layer.bias": bias}
    optimizer = AdamW(params.items(), lr=1e-2, weight_decay=0.1)
    mask = (torch.rand(6, 5) > 0.5).float()
    for _ in range(3):
        grads = {n: torch.randn_like(p) for n, p in params.items()}
        before = {n: (p.clone(), optimizer.m[n].clone(), optimizer.v[n].clone()) for n, p in params.items()}
        optimizer.step(grads, update_masks={"layer.weight": mask})
        kept = mask == 0
        old_p, old_m, old_v = before["layer.weight"]
        for new, old in ((weight, old_p), (optimizer.m["layer.weight"], old_m), (optimizer.v["layer.weight"], old_v)):
            assert torch.equal(new[kept].view(torch.int32), old[kept].view(torch.int32))
            assert not torch.equal(new[~kept], old[~kept])
        assert not torch.equal(bias, before["layer.bias"][0])
    state = optimizer.export_state()
    assert int(state["optimizer.step"][0]) == 3
    assert state["optimizer.m.layer.weight"].shape == (6, 5)
