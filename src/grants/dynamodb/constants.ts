

/**
 * The DynamoDB table schema of `DynamoDbGrantStore`, shared with the CLI and
 * deployment templates (CloudFormation, CDK, Terraform):
 *
 * - partition key `pk` (string), no sort key, on-demand billing;
 * - a grant record is the item `pk = "GRANT#<grant_id>"`, a credential record the
 *   item `pk = "CRED#<credentialId>"` (in the same table unless
 *   `credentialsTableName` names another one with the same key schema);
 * - every record field is a top-level attribute named as in `GrantRecord` /
 *   `CredentialRecord` (`status`, `lockExpiresAtMs`, `history` as a list of maps, …);
 * - TTL on `expiresAtEpochSec` (set on REVOKED grant records).
 *
 * @example
 * ```yaml
 * GrantsTable:
 *   Type: AWS::DynamoDB::Table
 *   Properties:
 *     BillingMode: PAY_PER_REQUEST
 *     AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
 *     KeySchema: [{ AttributeName: pk, KeyType: HASH }]
 *     TimeToLiveSpecification: { AttributeName: expiresAtEpochSec, Enabled: true }
 * ```
 */
export const GrantTableSchema = {
  partitionKey: 'pk',
  partitionKeyType: 'S',
  ttlAttribute: 'expiresAtEpochSec',
  grantKeyPrefix: 'GRANT#',
  credentialKeyPrefix: 'CRED#',
  billingMode: 'PAY_PER_REQUEST',
} as const;

/**
 * `KeySchema` of the table, as CreateTable and CloudFormation spell it.
 *
 * @example
 * ```ts
 * new CreateTableCommand({ TableName, KeySchema: [...GrantTableKeySchema], AttributeDefinitions: [...GrantTableAttributeDefinitions] });
 * ```
 */
export const GrantTableKeySchema = [{ AttributeName: GrantTableSchema.partitionKey, KeyType: 'HASH' }] as const;

/**
 * `AttributeDefinitions` of the table (the key attribute only).
 *
 * @example
 * ```ts
 * const definitions = [...GrantTableAttributeDefinitions];
 * ```
 */
export const GrantTableAttributeDefinitions = [
  { AttributeName: GrantTableSchema.partitionKey, AttributeType: GrantTableSchema.partitionKeyType },
] as const;

/**
 * The IAM actions `DynamoDbGrantStore` sends, on the grants table (and on
 * `credentialsTableName`, when it is another table). `runtime` is everything the
 * function does when Apono invokes it: consistent single-item reads, conditional
 * puts of whole grant records, and conditional updates (a revoke's first write, and
 * credential records; a failed first credential event releases its lock with an
 * `UpdateItem` too, never a `DeleteItem`). `list` is only `list`/`listCredentials`,
 * which the CLI's `grants list` runs with an operator's credentials: the function's
 * role needs no Scan, unless it answers the reconcile event (`reconcile`).
 *
 * @example
 * ```ts
 * // CDK
 * role.addToPolicy(new iam.PolicyStatement({ actions: [...GrantTableIamActions.runtime], resources: [table.tableArn] }));
 * ```
 */
export const GrantTableIamActions = {
  runtime: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  list: ['dynamodb:Scan'],
  /** What the reconcile event adds to `runtime` (it reads the whole table, page by page). */
  reconcile: ['dynamodb:Scan'],
} as const;

/**
 * Everything a deployment needs to know about the table `DynamoDbGrantStore`
 * writes, in one object: the key and TTL attribute, the CreateTable shapes, and
 * the IAM actions per use. The SAM template, the Terraform module and the CDK
 * construct are tested against these values, so they cannot drift from the store.
 *
 * @example
 * ```ts
 * // CDK, by hand (the apono-lambda-kit/cdk construct does this for you):
 * const table = new dynamodb.Table(this, 'Grants', {
 *   partitionKey: { name: GrantTable.schema.partitionKey, type: dynamodb.AttributeType.STRING },
 *   timeToLiveAttribute: GrantTable.schema.ttlAttribute,
 * });
 * fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...GrantTable.iamActions.runtime], resources: [table.tableArn] }));
 * ```
 */
export const GrantTable = {
  /** Key, key prefixes, TTL attribute and billing mode. */
  schema: GrantTableSchema,
  /** `KeySchema`, as CreateTable and CloudFormation spell it. */
  keySchema: GrantTableKeySchema,
  /** `AttributeDefinitions` (the key attribute only). */
  attributeDefinitions: GrantTableAttributeDefinitions,
  /** The actions the store sends: `runtime` (every invocation), `reconcile` (the reconcile event adds it), `list` (the CLI's `grants list`). */
  iamActions: GrantTableIamActions,
} as const;
