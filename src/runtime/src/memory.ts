/**
 * @mofc/runtime/memory — the in-memory CIM repository: a `CimSession` over
 * instances held in memory, with providers for methods and a WQL subset. For
 * tests, simulators and `mofc serve`; a production SDK talking to a server
 * never loads it. See docs/runtime-api.md.
 */
export { InMemorySession, type InMemorySessionOptions } from './memory-session.js';
