import { MemoryGrantStore } from '../../src/grants/memory-grant-store';
import { describeAllStoreContracts } from './store-contracts';
import { anIntent, seedRecord } from './grant-fixtures';

describe('MemoryGrantStore', () => {
  const makeStore = async () => new MemoryGrantStore();

  describeAllStoreContracts(makeStore);

  it('says it is not durable, so bootstrap can refuse it inside a real Lambda', () => {
    // Act / Assess
    expect(new MemoryGrantStore().durable).toBe(false);
  });

  it('copies what it is given: mutating a written value afterwards changes nothing stored', async () => {
    // Prepare
    const store = new MemoryGrantStore();
    const intent = anIntent();
    const data = { ids: ['a'] };
    await seedRecord(store, intent, 'GRANTED', { data });
    // Act
    data.ids.push('b');
    // Assess
    expect((await store.get(intent.grantId))?.data).toEqual({ ids: ['a'] });
  });
});
