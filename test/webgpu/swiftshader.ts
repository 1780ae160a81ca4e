/**
 * WebGPU in the tests runs on Dawn (the optional `webgpu` package) over SwiftShader, Chromium's software Vulkan
 * driver, so that no GPU is needed. Points the Vulkan loader at its ICD (VK_ICD_FILENAMES when set, else
 * Debian's Chromium copy) and says why the webgpu tests are skipped when either is missing.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Why the webgpu tests cannot run here, or undefined after setting up the environment they need. */
export function swiftShaderSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    createRequire(import.meta.url).resolve('webgpu');
  } catch {
    return "the optional package 'webgpu' is not installed";
  }
  const icd = env.VK_ICD_FILENAMES ?? CHROMIUM_ICD;
  if (!existsSync(icd)) return `no SwiftShader Vulkan ICD at ${icd} (set VK_ICD_FILENAMES)`;
  env.VK_ICD_FILENAMES = icd;
  env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'pathways-xdg-'));
  return undefined;
}
