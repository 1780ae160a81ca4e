import { z } from 'zod';

/**
 * Which implementation trains a run: the engine (default) or the PyTorch runner (python/, launched by torchrun
 * with `nproc` processes on the CPU, gloo, or one GPU each, NCCL).
 */
export const RunnerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('engine') }).strict(),
  z
    .object({
      kind: z.literal('torch'),
      nproc: z.number().int().min(1).max(64).default(1),
      device: z.enum(['cpu', 'cuda']).default('cpu'),
    })
    .strict(),
]);
export type RunnerConfig = z.infer<typeof RunnerSchema>;
export type TorchRunnerConfig = Extract<RunnerConfig, { kind: 'torch' }>;

/** The runner field of the kinds the PyTorch runner does not train: only the engine is accepted. */
export const EngineOnlyRunnerSchema = RunnerSchema.optional().refine((r) => r?.kind !== 'torch', {
  message:
    'the PyTorch runner trains dense runs only; pruning (LAP, LSP, IMP/LTH) and pathway training run on the engine',
});
