/**
 * Property tests run with one seed per CI run so a failure can be replayed (`FC_SEED=<n> npm test`);
 * set FC_SEED to explore other seeds locally. The long fuzz scripts (scripts/fuzz-php.ts) keep
 * exploring at random.
 */
import fc from "fast-check";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261201) });
