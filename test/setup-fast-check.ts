// Property tests run from a fixed seed, so a run can be repeated exactly. fast-check prints the
// seed (and the path to the counterexample) in every failure; FC_SEED=n reruns with another.
import fc from 'fast-check';

const seed = Number.parseInt(process.env.FC_SEED ?? '20261127', 10);
fc.configureGlobal({ seed });
