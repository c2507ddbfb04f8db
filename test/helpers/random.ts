/** The seeded PRNG of the runtime's tests, shared with the compiler's: one definition of mulberry32. */
export { seededRandom } from '../../src/runtime/test/random.js';
