import { assemble, F32, I32, namedLocals, op, V128 } from '../../../src/engine/wasm/assembler';

describe('namedLocals', () => {
  it('numbers parameters, then each group in order, and declares the groups as assemble takes them', () => {
    const names = namedLocals(
      ['P0', 'P1'],
      [
        [I32, ['A', 'B', 'C']],
        [V128, ['V']],
        [F32, ['F0', 'F1']],
      ],
    );
    expect(names.index).toEqual({ P0: 0, P1: 1, A: 2, B: 3, C: 4, V: 5, F0: 6, F1: 7 });
    expect(names.params).toBe(2);
    expect(names.locals).toEqual([
      [3, I32],
      [1, V128],
      [2, F32],
    ]);
  });

  it('refuses a name declared twice', () => {
    expect(() => namedLocals(['X'], [[I32, ['X']]])).toThrow(/'X' is declared twice/);
  });

  it('gives a module WebAssembly validates and runs: run(out) stores the sum of two f32 locals at out', () => {
    const { index, params, locals } = namedLocals(['OUT'], [[F32, ['A', 'B']]]);
    const { get, set } = op;
    const body = [
      ...op.f32Const(40),
      ...set(index.A),
      ...op.f32Const(2),
      ...set(index.B),
      ...get(index.OUT),
      ...get(index.A),
      ...get(index.B),
      ...op.f32Add,
      ...op.f32Store,
    ];
    const memory = new WebAssembly.Memory({ initial: 1 });
    const module = new WebAssembly.Module(assemble(params, locals, body) as Uint8Array<ArrayBuffer>);
    const run = new WebAssembly.Instance(module, { e: { m: memory } }).exports.run as (out: number) => void;
    run(8);
    expect(new Float32Array(memory.buffer)[2]).toBe(42);
  });
});
