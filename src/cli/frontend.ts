/** The front end the CLI hands to `generate`; it lives with the programmatic API (`src/api/frontend.ts`). */
export { compileWithFrontend, providedLocales, STDIN, type FrontendResult, type FrontendServices } from '../api/frontend.js';
