/**
 * Whether a Linux machine has a Vulkan driver at all, before Dawn is loaded to ask it: Dawn's Vulkan loader prints
 * "vkCreateInstance: Found no drivers!" to stderr when there is none, which 'auto' would otherwise do in every
 * process (the CLI, web mode, each job's log) of a machine without a GPU driver. A driver is an ICD manifest: the
 * files VK_ICD_FILENAMES / VK_DRIVER_FILES name, or a .json in one of the loader's search folders.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Vulkan loader's ICD manifest folders on Linux, in its search order. */
export function icdFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const config = (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':');
  const data = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
  const home = env.XDG_DATA_HOME || join(homedir(), '.local/share');
  return [...config, '/etc', ...data, home].filter(Boolean).map((dir) => join(dir, 'vulkan/icd.d'));
}

/** Null when a Vulkan driver is installed (or named by the environment); else why there is none. */
export function missingVulkanDriver(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = (env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES || '').split(':').filter(Boolean);
  if (named.length > 0)
    return named.some((file) => existsSync(file)) ? null : `no Vulkan driver: ${named.join(', ')} not found`;
  const folders = icdFolders(env);
  const found = folders.some((dir) => {
    try {
      return readdirSync(dir).some((name) => name.endsWith('.json'));
    } catch {
      return false;
    }
  });
  return found ? null : `no Vulkan driver installed (no ICD manifest in ${folders.join(', ')})`;
}
