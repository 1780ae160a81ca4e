import { probeTorchRunner, torchPython, torchRecentEnough } from '../../../src/jobs/torch/interpreter';
import { torchRunnerLabel } from '../../../src/shared/torch-runner-label';

describe("the PyTorch runner's interpreter", () => {
  it('is the pythonPath setting, else PATHWAYS_PYTHON, else /usr/bin/python3', () => {
    expect(torchPython('/opt/py/bin/python', { PATHWAYS_PYTHON: '/env/python' })).toBe('/opt/py/bin/python');
    expect(torchPython('', { PATHWAYS_PYTHON: '/env/python' })).toBe('/env/python');
    expect(torchPython(undefined, {})).toBe('/usr/bin/python3');
  });

  it('needs torch 1.13 or newer', () => {
    expect(['1.13.0a0', '1.13.1', '2.0.0', '2.4.1+cu121', '10.0'].map(torchRecentEnough)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['1.12.1', '0.4.1', 'unknown', ''].map(torchRecentEnough)).toEqual([false, false, false, false]);
  });

  it('says why it is unavailable', async () => {
    const info = await probeTorchRunner('/no/such/python3');
    expect(info).toEqual({
      available: false,
      python: '/no/such/python3',
      reason: '/no/such/python3 cannot be run (no such file)',
    });
    expect(torchRunnerLabel(info)).toBe('unavailable: /no/such/python3 cannot be run (no such file)');
    expect(
      torchRunnerLabel({ available: true, python: '/usr/bin/python3', torch: '2.4.1', cuda: true, gpus: 2 }),
    ).toBe('torch 2.4.1 (/usr/bin/python3, CUDA, 2 GPUs)');
  });
});
