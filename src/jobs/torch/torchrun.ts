import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createServer } from 'node:net';

/** One line of the runner's metrics file (python/pathways_torch/trainer.py `train_step`). */
export interface TorchStepReport {
  step: number;
  loss: number;
  lr: number;
  gradNorm: number;
  audioSeconds: number;
  stepMs: number;
  /** `loss/<language>` of the step's sampled languages. */
  [name: string]: number;
}

export interface TorchrunOptions {
  python: string;
  /** The folder holding `pathways_torch` (cwd and PYTHONPATH of the ranks). */
  packageDir: string;
  /** The run spec (python/README.md `run.json`). */
  config: string;
  /** The spec's `metrics` file, read as rank 0 appends to it, from byte `metricsFrom` (default 0). */
  metrics: string;
  metricsFrom?: number;
  nproc: number;
  device: 'cpu' | 'cuda';
  /** Per-rank stdout/stderr logs (torchrun's --log_dir). */
  logDir: string;
  /** CPU threads of each rank. */
  threads: number;
  /** Aborting it ends the whole process group (SIGTERM, then SIGKILL after `killGraceMs`). */
  signal: AbortSignal;
  onStep(report: TorchStepReport): void;
  onLine(line: string): void;
  /** The process group of torchrun and its ranks (torchrun's pid) runs, or has ended and been killed. */
  onGroup?(pgid: number, running: boolean): void;
  killGraceMs?: number;
  pollMs?: number;
}

export interface TorchrunExit {
  code: number | null;
  signal: string | null;
  /** The newest step rank 0 reported. */
  lastStep: number | undefined;
  /** The last lines torchrun and the ranks printed. */
  tail: string[];
  /** The run was stopped through `signal`. */
  stopped: boolean;
}

const TAIL_LINES = 200;

/** A TCP port free on this machine now (torch 1.13's --standalone always takes 29400, so two runs collide). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Follows a file that another process appends lines to; `read()` returns the complete lines added since. */
class LineFollower {
  private partial = '';
  constructor(
    private readonly path: string,
    private offset = 0,
  ) {}

  read(): string[] {
    if (!existsSync(this.path)) return [];
    const size = statSync(this.path).size;
    if (size <= this.offset) return [];
    const buffer = Buffer.alloc(size - this.offset);
    const fd = openSync(this.path, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = size;
    const lines = (this.partial + buffer.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '');
  }
}

/**
 * Train with `torchrun --nproc_per_node N -m pathways_torch.train` on one machine (a static rendezvous on a free
 * local port), in its own process group, reporting each step of the metrics file as rank 0 writes it. The ranks
 * watch this process (PATHWAYS_PARENT_PID) and exit if it is killed; `signal` ends the group. Resolves when
 * torchrun has exited, whatever its status.
 */
export async function runTorchrun(o: TorchrunOptions): Promise<TorchrunExit> {
  const port = await freePort();
  const args = [
    '-m',
    'torch.distributed.run',
    '--nnodes',
    '1',
    '--node_rank',
    '0',
    '--master_addr',
    '127.0.0.1',
    '--master_port',
    String(port),
    '--nproc_per_node',
    String(o.nproc),
    '--max_restarts',
    '0',
    // a rank that ends (the worker's watchdog, a crash) ends the launch within a second, not torchrun's default 5
    '--monitor_interval',
    '1',
    '--log_dir',
    o.logDir,
    // The ranks' stderr (their tracebacks) into the log folder and, prefixed with the rank, onto torchrun's. Only
    // 1 or 2 parse on torch 1.13 under Python 3.11 (its Std flags lost 0 and 3 there: python/README.md).
    '--redirects',
    '2',
    '--tee',
    '2',
    '-m',
    'pathways_torch.train',
    '--config',
    o.config,
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONPATH: [o.packageDir, process.env.PYTHONPATH].filter(Boolean).join(':'),
    PYTHONUNBUFFERED: '1',
    PATHWAYS_PARENT_PID: String(process.pid),
    OMP_NUM_THREADS: String(o.threads),
  };
  if (o.device === 'cpu') env.CUDA_VISIBLE_DEVICES = '';
  const child = spawn(o.python, args, {
    cwd: o.packageDir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid) o.onGroup?.(child.pid, true);
  const tail: string[] = [];
  let lastStep: number | undefined;
  const follower = new LineFollower(o.metrics, o.metricsFrom);
  const drainMetrics = () => {
    for (const line of follower.read()) {
      const report = JSON.parse(line) as TorchStepReport;
      lastStep = report.step;
      o.onStep(report);
    }
  };
  const onOutput = (stream: NodeJS.ReadableStream) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        o.onLine(line);
      }
    });
  };
  onOutput(child.stdout!);
  onOutput(child.stderr!);

  let stopped = false;
  let killTimer: NodeJS.Timeout | undefined;
  const signalGroup = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {
      // the group has already ended
    }
  };
  const stop = () => {
    stopped = true;
    signalGroup('SIGTERM');
    killTimer = setTimeout(() => signalGroup('SIGKILL'), o.killGraceMs ?? 5000);
  };
  if (o.signal.aborted) stop();
  else o.signal.addEventListener('abort', stop, { once: true });
  const poll = setInterval(drainMetrics, o.pollMs ?? 200);

  const exit = await new Promise<{ code: number | null; signal: string | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  clearInterval(poll);
  clearTimeout(killTimer);
  o.signal.removeEventListener('abort', stop);
  // A rank may outlive torchrun's own exit for a moment (killed agent): no process of the group may stay.
  signalGroup('SIGKILL');
  if (child.pid) o.onGroup?.(child.pid, false);
  if (exit.error) throw new Error(`cannot start ${o.python} (${exit.error.message})`);
  drainMetrics();
  return { code: exit.code, signal: exit.signal, lastStep, tail, stopped };
}
