import { storeContract } from '../../__tests__/store-contract';
import { MemoryKv } from './memory-kv';

storeContract('in-memory engine', {
  open: async (now) => new MemoryKv({ now }),
  expire: (store) => (store as MemoryKv).expireLeases(),
});
