// A visit counter kept on disk: run it twice and the count goes on.
//
//   npm run build && node examples/node.mjs
import { open } from 'flashkv';

const db = await open({ path: new URL('./data-node', import.meta.url).pathname, appendfsync: 'always' });
const visits = await db.update((tx) => tx.incr('visits'));
db.set('last-visit', new Date().toISOString());
await db.flush();
console.log(`visit ${visits}, last at ${db.get('last-visit')} (${db.dbsize()} keys in ./examples/data-node)`);
await db.close();
