// The stores a scenario compares, each described by the source text of its
// calls. bench/scenarios.mjs pastes these into a loop compiled per task (new
// Function), so every subject and op gets call sites of its own: one shared
// loop would see several store classes, go polymorphic and slow down
// whichever subject ran second.
//
// Each call takes the source of its arguments and gives the source of an
// expression; `store` is the subject's store. A null call means the subject
// has no such operation (a Map holding a string has no bytes to give), and a
// subject that is not `batched` gets MGET/MSET as loops of get/set.
import RedisMock from 'ioredis-mock';
import { openEngine } from './support.mjs';

function flashkv(engine) {
  return {
    name: engine,
    open: async () => openEngine(engine),
    clear: (store) => store.flushall(),
    async: false,
    batched: true,
    get: (key) => `store.get(${key})`,
    getBuffer: (key) => `store.getBuffer(${key})`,
    set: (key, value) => `store.set(${key}, ${value})`,
    mget: (keys) => `store.mget(${keys})`,
    mset: (pairs) => `store.mset(${pairs})`,
  };
}

/**
 * The floor: a bare Map of string keys to the values as given. It keeps a
 * reference where the engines copy, and MGET/MSET are loops of get/set.
 */
const map = {
  name: 'map',
  open: async () => new Map(),
  clear: (store) => store.clear(),
  async: false,
  batched: false,
  get: (key) => `store.get(${key})`,
  getBuffer: null,
  set: (key, value) => `store.set(${key}, ${value})`,
};

/**
 * ioredis-mock, the in-memory stand-in for ioredis that JS users run today
 * when they want Redis commands without a server. Every call returns a
 * promise, and the loop awaits each one as an application does. Its mset
 * does not flatten an array argument (ioredis does), hence the spread.
 */
const ioredisMock = {
  name: 'ioredis-mock',
  open: async () => {
    // Instances share their data by host and port: start from nothing.
    const store = new RedisMock();
    await store.flushall();
    return store;
  },
  clear: (store) => store.flushall(),
  async: true,
  batched: true,
  get: (key) => `await store.get(${key})`,
  getBuffer: (key) => `await store.getBuffer(${key})`,
  set: (key, value) => `await store.set(${key}, ${value})`,
  mget: (keys) => `await store.mget(${keys})`,
  mset: (pairs) => `await store.mset(...${pairs})`,
};

export const SUBJECTS = [flashkv('wasm'), flashkv('ts'), map, ioredisMock];

