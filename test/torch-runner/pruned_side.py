"""The Python side of pruned.test.ts: the pruned RNN-T loss and its gradients on the engine's weights and batch."""
import sys

from side_case import read_case, write_loss_and_grads

folder = sys.argv[1]
case = read_case(folder)
write_loss_and_grads(folder, case["config"], simple_joiner=True, pruned=case["pruned"])
