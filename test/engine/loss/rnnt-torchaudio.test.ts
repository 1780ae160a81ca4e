/**
 * Optional cross-check against torchaudio.functional.rnnt_loss (Debian python3-torchaudio).
 * Skips with a printed reason when no Python with torchaudio is found.
 */
import { spawnSync } from 'node:child_process';
import { rnntLossArrays } from '../../../src/engine/loss';
import { seeded } from './rnnt-oracle';

const SCRIPT = `
import json, sys, torch, torchaudio
d = json.load(sys.stdin)
x = torch.tensor(d["logits"], dtype=torch.float32).reshape(d["shape"]).requires_grad_()
loss = torchaudio.functional.rnnt_loss(
    x, torch.tensor(d["targets"], dtype=torch.int32).reshape(d["shape"][0], -1),
    torch.tensor(d["logitLengths"], dtype=torch.int32), torch.tensor(d["targetLengths"], dtype=torch.int32),
    blank=d["blank"], reduction="none")
loss.sum().backward()
print(json.dumps({"losses": loss.tolist(), "gradients": x.grad.flatten().tolist()}))
`;

/** Runs SCRIPT on the first python3 that has torchaudio; undefined when none has it. */
function runTorchaudio(input: string): { stdout: string } | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const run = spawnSync(python, ['-c', SCRIPT], { input, encoding: 'utf8', timeout: 120_000 });
    if (run.error || /No module named '(torch|torchaudio)'/u.test(run.stderr)) continue;
    if (run.status !== 0) throw new Error(`${python} failed: ${run.stderr}`);
    return run;
  }
  return undefined;
}

describe('rnntLoss against torchaudio', () => {
  it('losses and gradients match torchaudio.functional.rnnt_loss on a padded batch', (context) => {
    const [B, T, U, V] = [3, 6, 4, 7];
    const input = {
      logits: Float32Array.from(seeded(B * T * (U + 1) * V, 5, -4, 4)),
      shape: [B, T, U + 1, V] as [number, number, number, number],
      targets: Array.from(seeded(B * U, 6, 1, V), Math.floor),
      logitLengths: [6, 4, 1],
      targetLengths: [4, 2, 3],
      blank: 0,
    };
    const run = runTorchaudio(JSON.stringify({ ...input, logits: Array.from(input.logits) }));
    if (!run) {
      const reason = 'no python3 with torchaudio (apt-get install python3-torchaudio)';
      console.log(`skipping torchaudio cross-check: ${reason}`);
      return context.skip(reason);
    }
    const torch = JSON.parse(run.stdout) as { losses: number[]; gradients: number[] };
    const ours = rnntLossArrays(input, { gradients: true });
    torch.losses.forEach((loss, b) => expect(ours.losses[b]).toBeCloseTo(loss, 3));
    torch.gradients.forEach((g, i) => expect(ours.gradients![i]).toBeCloseTo(g, 5));
  });
});
