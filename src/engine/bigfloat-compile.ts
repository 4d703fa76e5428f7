/**
 * Compiles an expression to a closure over slots of binary floating-point values (bigfloat.ts),
 * for the replay's fast runs. The same shape as replay.ts's decimal compiler: constants that no
 * iteration changes are folded once, and exact identities (x * 0 = 0, x * 1 = x, x + 0 = x)
 * skip an operation. Only the operations a long training run of a network uses are compiled:
 * add, sub, mul, div, neg, max, a power with an integer exponent (Adam's beta^t), exp, tanh,
 * sqrt, relu, step, abs, the sigmoid and its slope. Anything else throws `Unsupported`, and the replay uses decimal.js instead.
 *
 * The sigmoid of -z after the sigmoid of z (the saturation-safe slope, docs/precision.md) shares
 * e^-|z|: each sigmoid or exp of a slot (or of its negation) remembers its last argument.
 */
import type { Expr } from './expr.js';
import { Unsupported, ZERO } from './bigfloat.js';
import type { BF, BinaryArith } from './bigfloat.js';

export type BThunk = (s: BF[]) => BF;
type Compiled = { readonly run: BThunk; readonly constant?: BF };

const constantNode = (v: BF): Compiled => ({ run: () => v, constant: v });
const isOne = (a: BinaryArith, v: BF | undefined) => v !== undefined && v.m === a.one.m && v.e === a.one.e;
const isZero = (v: BF | undefined) => v !== undefined && v.m === 0n;

/** The integer value of a literal exponent such as "2", or undefined. */
function smallInteger(e: Expr): number | undefined {
  if (e.op === 'num' && /^-?\d{1,7}$/.test(e.text.trim())) return Number(e.text);
  if (e.op === 'neg') {
    const n = smallInteger(e.args[0]);
    return n === undefined ? undefined : -n;
  }
  return undefined;
}

/** A value that is an integer of at most a million, as a number; anything else is left to decimal.js. */
function integerOf(v: BF): number {
  if (v.m === 0n) return 0;
  const n = v.e >= 0 ? v.m << BigInt(v.e) : v.m >> BigInt(-v.e);
  if ((v.e < 0 && n << BigInt(-v.e) !== v.m) || n > 1_000_000n || n < -1_000_000n)
    throw new Unsupported('a power whose exponent is not an integer up to a million');
  return Number(n);
}

// One-argument operations, each as ops.ts computes it (relu and step as decimal.js compares:
// step(-0) = 1, relu(-0) = +0, |-0| = +0). relu, step and abs never round.
const UNARY: Partial<Record<string, (A: BinaryArith, v: BF) => BF>> = {
  tanh: (A, v) => A.tanh(v),
  sqrt: (A, v) => A.sqrt(v),
  relu: (_A, v) => (v.m > 0n ? v : ZERO),
  step: (A, v) => (v.m >= 0n ? A.one : ZERO),
  abs: (_A, v) => (v.m < 0n ? { m: -v.m, e: v.e } : v.m === 0n ? ZERO : v),
};

// The last power of each constant base, keyed by the exponent value (one object per iteration).
const powers = new WeakMap<BF, { k: BF | undefined; v: BF }>();

type Slot = (id: string) => number;
type Constants = ReadonlyMap<string, BF>;

export function compileBinary(e: Expr, slot: Slot, a: BinaryArith, constants: Constants): BThunk {
  return node(e, slot, a, constants).run;
}

function node(e: Expr, slot: Slot, A: BinaryArith, constants: Constants): Compiled {
  if (e.op === 'num') return constantNode(A.fromText(e.text));
  if (e.op === 'ref') {
    const c = constants.get(e.id);
    if (c !== undefined) return constantNode(c);
    const i = slot(e.id);
    return { run: (s) => s[i]! };
  }
  if (e.op === 'pow' && e.args[1].op === 'ref' && constants.get(e.args[1].id) === undefined) {
    // An exponent read from a slot (the iteration number of Adam's 1 - beta^k): an integer at run time.
    const base = node(e.args[0], slot, A, constants);
    const i = slot(e.args[1].id);
    const b = base.constant;
    if (b === undefined) return { run: (s) => A.powInt(base.run(s), integerOf(s[i]!)) };
    // beta^k is the same for every parameter of an iteration: computed once per base and k.
    let memo = powers.get(b);
    if (!memo) powers.set(b, (memo = { k: undefined, v: b }));
    const m = memo;
    return {
      run: (s) => {
        const k = s[i]!;
        if (m.k !== k) {
          m.v = A.powInt(b, integerOf(k));
          m.k = k;
        }
        return m.v;
      },
    };
  }
  if (e.op === 'pow') {
    const n = smallInteger(e.args[1]);
    if (n === undefined || Math.abs(n) > 1_000_000)
      throw new Unsupported('a power whose exponent is not an integer up to a million');
    const base = node(e.args[0], slot, A, constants);
    if (base.constant !== undefined) return constantNode(A.powInt(base.constant, n));
    const b = base.run;
    if (n === 2)
      return {
        run: (s) => {
          const x = b(s);
          return A.mul(x, x);
        },
      };
    return { run: (s) => A.powInt(b(s), n) };
  }
  if (e.op === 'sigmoid' || e.op === 'exp' || e.op === 'dsigmoid') {
    return transcendental(e.op, e.args[0], slot, A, constants);
  }
  const unaryOp = UNARY[e.op];
  if (unaryOp) {
    const f = (v: BF) => unaryOp(A, v);
    const x = node(e.args[0], slot, A, constants);
    if (x.constant !== undefined) return constantNode(f(x.constant));
    const run = x.run;
    return { run: (s) => f(run(s)) };
  }
  if (e.op === 'max') {
    const args = e.args.map((x) => node(x, slot, A, constants));
    if (args.every((x) => x.constant !== undefined))
      return constantNode(args.map((x) => x.constant!).reduce((x, y) => A.max(x, y)));
    const runs = args.map((x) => x.run);
    return {
      run: (s) => {
        let acc = runs[0]!(s);
        for (let i = 1; i < runs.length; i++) acc = A.max(acc, runs[i]!(s));
        return acc;
      },
    };
  }
  if (e.op !== 'add' && e.op !== 'mul' && e.op !== 'sub' && e.op !== 'div' && e.op !== 'neg') {
    throw new Unsupported(e.op);
  }
  let args = e.args.map((x) => node(x, slot, A, constants));
  if (args.every((x) => x.constant !== undefined)) {
    const c = args.map((x) => x.constant!);
    if (e.op === 'add') return constantNode(c.reduce((x, y) => A.add(x, y)));
    if (e.op === 'mul') return constantNode(c.reduce((x, y) => A.mul(x, y)));
    if (e.op === 'sub') return constantNode(A.sub(c[0]!, c[1]!));
    if (e.op === 'div') return constantNode(A.div(c[0]!, c[1]!));
    return constantNode(A.neg(c[0]!));
  }
  if (e.op === 'mul') {
    // Every value here is finite (anything else threw), so x * 0 is 0.
    if (args.some((x) => isZero(x.constant))) return constantNode({ m: 0n, e: 0 });
    args = args.filter((x) => !isOne(A, x.constant));
    if (args.length === 1) return args[0]!;
  } else if (e.op === 'add') {
    args = args.filter((x) => !isZero(x.constant));
    if (args.length === 1) return args[0]!;
  } else if (e.op === 'sub' && isZero(args[1]!.constant)) {
    return args[0]!;
  }
  const runs = args.map((x) => x.run);
  if (e.op === 'neg') {
    const [x] = runs as [BThunk];
    return { run: (s) => A.neg(x(s)) };
  }
  if (e.op === 'sub' || e.op === 'div') {
    const [x, y] = runs as [BThunk, BThunk];
    return { run: e.op === 'sub' ? (s) => A.sub(x(s), y(s)) : (s) => A.div(x(s), y(s)) };
  }
  const plus = e.op === 'add';
  if (runs.length === 2) {
    const [x, y] = runs as [BThunk, BThunk];
    return { run: plus ? (s) => A.add(x(s), y(s)) : (s) => A.mul(x(s), y(s)) };
  }
  return {
    run: (s) => {
      let acc = runs[0]!(s);
      for (let i = 1; i < runs.length; i++) acc = plus ? A.add(acc, runs[i]!(s)) : A.mul(acc, runs[i]!(s));
      return acc;
    },
  };
}

// A cache of e^-|x| per argument slot, shared by the sigmoids and exps of one run.
const caches = new WeakMap<
  BinaryArith,
  Map<number, { m: bigint; e: number; t: readonly [bigint, number] }>
>();

function transcendental(
  op: 'sigmoid' | 'exp' | 'dsigmoid',
  arg: Expr,
  slot: Slot,
  A: BinaryArith,
  constants: Constants,
): Compiled {
  const x = node(arg, slot, A, constants);
  const value = (v: BF, t: readonly [bigint, number]): BF =>
    op === 'exp'
      ? A.expFrom(v, t)
      : op === 'sigmoid'
        ? A.sigmoidFrom(v, t)
        : A.mul(A.sigmoidFrom(v, t), A.sigmoidFrom(A.neg(v), t));
  if (x.constant !== undefined) return constantNode(value(x.constant, A.expNegAbs(x.constant)));
  // The slot whose value (or its negation) is the argument: e^-|x| is the same for both.
  const inner = arg.op === 'neg' ? arg.args[0] : arg;
  const key = inner.op === 'ref' && !constants.has(inner.id) ? slot(inner.id) : undefined;
  const run = x.run;
  if (key === undefined)
    return {
      run: (s) => {
        const v = run(s);
        return value(v, A.expNegAbs(v));
      },
    };
  let cache = caches.get(A);
  if (!cache)
    caches.set(A, (cache = new Map<number, { m: bigint; e: number; t: readonly [bigint, number] }>()));
  const c = cache;
  return {
    run: (s) => {
      const v = run(s);
      const mag = v.m < 0n ? -v.m : v.m;
      const hit = c.get(key);
      if (hit !== undefined && hit.e === v.e && hit.m === mag) return value(v, hit.t);
      const t = A.expNegAbs(v);
      c.set(key, { m: mag, e: v.e, t });
      return value(v, t);
    },
  };
}
