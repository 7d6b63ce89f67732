import { describeOnBothStores } from '../support/on-both-stores';
import { describeGrantRaces } from './grant-races.contract';

describeOnBothStores(describeGrantRaces);
