import { describeOnBothStores } from '../support/on-both-stores';
import { describeReconcileContract } from './reconcile.contract';

describeOnBothStores(describeReconcileContract);
