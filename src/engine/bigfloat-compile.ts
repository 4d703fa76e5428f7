/**
 * Compiles an expression to a closure over slots of binary floating-point values (bigfloat.ts),
 * for the replay's fast runs. The same shape as replay.ts's decimal compiler: constants that no
 * iteration changes are folded once, and exact identities (x * 0 = 0, x * 1 = x, x + 0 = x)
 * skip an operation. Every operation whose record has a binary value (operations/types.ts) is
 * compiled from it; a power, whose integer exponent (Adam's beta^t) is read from the formula or
 * a slot, is compiled here. An operation without one (ln) throws `Unsupported`, and the
 * replay uses decimal.js instead.
 *
 * The operations computed from e^-|x| (`fromExp`: the logistic function, its slope, exp) share it
 * per slot: sigma(-z) after sigma(z) (the saturation-safe slope, docs/precision.md) costs no
 * second exponential, since each remembers the last argument of its slot (or of its negation).
 */
import type { Expr } from './expr.js';
import { Unsupported } from './bigfloat.js';
import type { BF, BinaryArith } from './bigfloat.js';
import { operation } from './operations/table.js';

type Apply1 = (A: BinaryArith, x: BF) => BF;
type Apply2 = (A: BinaryArith, x: BF, y: BF) => BF;
type FromExp = (A: BinaryArith, x: BF, t: readonly [bigint, number]) => BF;

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
  const binary = operation(e.op).binary;
  if (binary === undefined) throw new Unsupported(e.op);
  if ('fromExp' in binary) return transcendental(binary.fromExp, e.args[0], slot, A, constants);
  return arithmetic(e, binary, slot, A, constants);
}

/** An operation from its arguments' values: folded when they are constants, else one closure. */
function arithmetic(
  e: Exclude<Expr, { op: 'num' | 'ref' }>,
  binary: { readonly apply1: Apply1 } | { readonly apply2: Apply2 },
  slot: Slot,
  A: BinaryArith,
  constants: Constants,
): Compiled {
  let args = e.args.map((x) => node(x, slot, A, constants));
  if ('apply1' in binary) {
    const f = binary.apply1;
    const [x] = args as [Compiled];
    if (x.constant !== undefined) return constantNode(f(A, x.constant));
    const run = x.run;
    return { run: (s) => f(A, run(s)) };
  }
  const f = binary.apply2;
  if (args.every((x) => x.constant !== undefined))
    return constantNode(args.map((x) => x.constant!).reduce((x, y) => f(A, x, y)));
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
  // The hottest operations are called directly, without the record's indirection: what their
  // records do (operations/arithmetic.ts), one call less per operation.
  if (runs.length === 2) {
    const [x, y] = runs as [BThunk, BThunk];
    if (e.op === 'add') return { run: (s) => A.add(x(s), y(s)) };
    if (e.op === 'mul') return { run: (s) => A.mul(x(s), y(s)) };
    if (e.op === 'sub') return { run: (s) => A.sub(x(s), y(s)) };
    return { run: (s) => f(A, x(s), y(s)) };
  }
  if (e.op === 'add' || e.op === 'mul') {
    const plus = e.op === 'add';
    return {
      run: (s) => {
        let acc = runs[0]!(s);
        for (let i = 1; i < runs.length; i++) acc = plus ? A.add(acc, runs[i]!(s)) : A.mul(acc, runs[i]!(s));
        return acc;
      },
    };
  }
  return {
    run: (s) => {
      let acc = runs[0]!(s);
      for (let i = 1; i < runs.length; i++) acc = f(A, acc, runs[i]!(s));
      return acc;
    },
  };
}

// A cache of e^-|x| per argument slot, shared by the `fromExp` operations of one run.
const caches = new WeakMap<
  BinaryArith,
  Map<number, { m: bigint; e: number; t: readonly [bigint, number] }>
>();

function transcendental(
  fromExp: FromExp,
  arg: Expr,
  slot: Slot,
  A: BinaryArith,
  constants: Constants,
): Compiled {
  const x = node(arg, slot, A, constants);
  const value = (v: BF, t: readonly [bigint, number]): BF => fromExp(A, v, t);
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
