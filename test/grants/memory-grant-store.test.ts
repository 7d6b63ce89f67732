import { MemoryGrantStore } from '../../src/grants/memory-grant-store';
import { describeCredentialLedgerContract } from './credential-ledger.contract';
import { describeCredentialStoreContract } from './credential-store.contract';
import { describeGrantLedgerFaults } from './grant-ledger-faults.contract';
import { describeGrantLedgerContract } from './grant-ledger.contract';
import { describeGrantStoreContract } from './grant-store.contract';
import { describeLostResponseContract } from './lost-response.contract';
import { describeRecordBoundsContract } from './record-bounds.contract';
import { describeAbandonedMethodsContract } from './abandoned-methods.contract';
import { describeRecordBudgetsContract } from './record-budgets.contract';
import { anIntent, seedRecord } from './grant-fixtures';

describe('MemoryGrantStore', () => {
  const makeStore = async () => new MemoryGrantStore();

  describeGrantStoreContract(makeStore);
  describeGrantLedgerContract(makeStore);
  describeGrantLedgerFaults(makeStore);
  describeCredentialLedgerContract(makeStore);
  describeCredentialStoreContract(makeStore);
  describeRecordBoundsContract(makeStore);
  describeLostResponseContract(makeStore);
  describeAbandonedMethodsContract(makeStore);
  describeRecordBudgetsContract(makeStore);

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
