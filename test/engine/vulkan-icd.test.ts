import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { icdFolders, missingVulkanDriver } from '../../src/engine/vulkan-icd';
import { tempDir } from '../helpers/tmp';

describe('the Vulkan driver check before Dawn is loaded', () => {
  const dir = tempDir('pathways-vulkan-');
  afterAll(() => dir.cleanup());
  const env = (extra: Record<string, string> = {}) => ({
    XDG_CONFIG_DIRS: join(dir.path, 'etc-xdg'),
    XDG_DATA_DIRS: `${join(dir.path, 'usr-local-share')}:${join(dir.path, 'usr-share')}`,
    XDG_DATA_HOME: join(dir.path, 'home-share'),
    ...extra,
  });

  it("searches the loader's folders in its order", () => {
    expect(icdFolders(env())).toEqual([
      join(dir.path, 'etc-xdg/vulkan/icd.d'),
      '/etc/vulkan/icd.d',
      join(dir.path, 'usr-local-share/vulkan/icd.d'),
      join(dir.path, 'usr-share/vulkan/icd.d'),
      join(dir.path, 'home-share/vulkan/icd.d'),
    ]);
  });

  it('finds a driver by its manifest in a search folder, or by the file the environment names', () => {
    const share = join(dir.path, 'usr-share/vulkan/icd.d');
    mkdirSync(share, { recursive: true });
    writeFileSync(join(share, 'README'), 'not a manifest');
    // /etc/vulkan/icd.d is the machine's own: only when it holds no manifest is "none" the answer here
    const machine = missingVulkanDriver({ ...env(), XDG_CONFIG_DIRS: join(dir.path, 'none') });
    writeFileSync(join(share, 'radeon_icd.x86_64.json'), '{}');
    expect(missingVulkanDriver(env())).toBeNull();
    if (machine !== null)
      expect(machine).toMatch(/^no Vulkan driver installed \(no ICD manifest in .*usr-share\/vulkan\/icd\.d/);
    const named = join(dir.path, 'swiftshader.json');
    expect(missingVulkanDriver(env({ VK_ICD_FILENAMES: named }))).toBe(
      `no Vulkan driver: ${named} not found`,
    );
    writeFileSync(named, '{}');
    expect(missingVulkanDriver(env({ VK_ICD_FILENAMES: named }))).toBeNull();
  });
});
