/** The PyTorch runner as `runners.torch` reports it (src/jobs/torch/interpreter.ts). */
export type LabelledTorchRunner =
  | { available: true; python: string; torch: string; cuda: boolean; gpus: number }
  | { available: false; python: string; reason: string };

/** How the PyTorch runner is shown (`pathways info`, the run form): `torch 2.4.1 (…/python3, CUDA, 2 GPUs)`,
 * `torch 1.13.0 (…/python3, CPU only)`, or why not. */
export function torchRunnerLabel(info: LabelledTorchRunner): string {
  return info.available
    ? `torch ${info.torch} (${info.python}, ${info.cuda ? `CUDA, ${info.gpus} GPU${info.gpus === 1 ? '' : 's'}` : 'CPU only'})`
    : `unavailable: ${info.reason}`;
}
