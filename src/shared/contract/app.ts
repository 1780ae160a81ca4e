import { z } from 'zod';
import { channel } from './define';

export const BackendPreferenceSchema = z.enum(['auto', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
export const ThemeSchema = z.enum(['system', 'light', 'dark']);

export const SettingsSchema = z.object({
  backend: BackendPreferenceSchema,
  concurrency: z.number().int().min(1).max(64),
  theme: ThemeSchema,
  /** Web mode: the most a dropped folder or manifest may upload in all, in MiB. */
  uploadLimitMb: z.number().int().min(1).max(1_048_576),
  /**
   * Folders the folder browser may show besides the user's home and the app's home folder (absolute paths;
   * e.g. where corpora live: /data, /mnt/corpora).
   */
  browseRoots: z.array(z.string().regex(/^(\/|[A-Za-z]:[\\/])/, 'must be an absolute path')).max(64),
  /** The PyTorch runner's interpreter (empty or absent: PATHWAYS_PYTHON, else /usr/bin/python3). */
  pythonPath: z.string().optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const GpuAdapterSchema = z.object({
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  software: z.boolean(),
  limits: z.object({
    maxBufferSize: z.number(),
    maxStorageBufferBindingSize: z.number(),
    maxComputeWorkgroupStorageSize: z.number(),
    maxComputeInvocationsPerWorkgroup: z.number(),
  }),
});

export const BackendInfoSchema = z.object({
  name: z.string(),
  provider: z.string().optional(),
  wasmThreads: z.number().int().optional(),
  adapter: GpuAdapterSchema.optional(),
  preference: BackendPreferenceSchema,
  skipped: z.array(z.string()),
});
export type BackendInfo = z.infer<typeof BackendInfoSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'web', 'cli', 'test']),
  home: z.string(),
  backend: BackendInfoSchema,
  schemaVersion: z.number().int(),
  platform: z.string(),
  cores: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** The PyTorch runner on this machine (src/jobs/torch/interpreter.ts): its interpreter and torch, or why not. */
export const TorchRunnerInfoSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    python: z.string(),
    torch: z.string(),
    torchaudio: z.string(),
    cuda: z.boolean(),
    gpus: z.number().int().min(0),
  }),
  z.object({ available: z.literal(false), python: z.string(), reason: z.string() }),
]);

export const appChannels = {
  'app.info': channel('Version, mode, home folder, compute backend', z.object({}).strict(), AppInfoSchema),
  'runners.torch': channel(
    'The PyTorch runner: the interpreter it would use and its torch version, or why it is unavailable',
    z.object({ fresh: z.boolean().optional() }).strict(),
    TorchRunnerInfoSchema,
  ),
  'settings.get': channel('The persisted settings', z.object({}).strict(), SettingsSchema),
  'settings.set': channel(
    'Change some settings; returns all of them',
    SettingsSchema.partial().strict(),
    SettingsSchema,
  ),
};
