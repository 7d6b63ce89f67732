import type { GrantStore } from '../../src/grants/grant-store';
import { describeAbandonedMethodsContract } from './abandoned-methods.contract';
import { describeCredentialLedgerContract } from './credential-ledger.contract';
import { describeCredentialStoreContract } from './credential-store.contract';
import type { StoreFactory } from './grant-fixtures';
import { describeGrantLedgerFaults } from './grant-ledger-faults.contract';
import { describeGrantLedgerContract } from './grant-ledger.contract';
import { describeGrantStoreContract } from './grant-store.contract';
import { describeLostResponseContract } from './lost-response.contract';
import { describeRecordBoundsContract } from './record-bounds.contract';
import { describeRecordBudgetsContract } from './record-budgets.contract';

/**
 * Every contract a grant store must pass, in one call: what a new store's test
 * file runs (README, "Writing a store"). `rawRecords` reads what the store holds
 * as bytes, so the credential contract can check that no secret was stored.
 *
 * @example
 * ```ts
 * describe('PostgresGrantStore', () => describeAllStoreContracts(async () => new PostgresGrantStore(pool)));
 * ```
 */
export function describeAllStoreContracts(makeStore: StoreFactory, rawRecords?: (store: GrantStore) => Promise<string>): void {
  describeGrantStoreContract(makeStore);
  describeGrantLedgerContract(makeStore);
  describeGrantLedgerFaults(makeStore);
  describeCredentialLedgerContract(makeStore, rawRecords);
  describeCredentialStoreContract(makeStore);
  describeRecordBoundsContract(makeStore);
  describeLostResponseContract(makeStore);
  describeAbandonedMethodsContract(makeStore);
  describeRecordBudgetsContract(makeStore);
}
