/** The Engine contract (./contract.ts) on both engines; the wasm engine runs its debug core, asserts on. */
import { TsEngine } from '../../src/engine/ts/index.js';
import { debugWasmEngine } from '../support/debug-core.js';
import { engineContract } from './contract.js';

engineContract('wasm', () => debugWasmEngine());
engineContract('ts', () => new TsEngine());
