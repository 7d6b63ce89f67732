

/**
 * The table `DynamoDbGrantStore` expects: key `pk` (S), items `GRANT#<grant_id>` and
 * `CRED#<credentialId>`, TTL on `expiresAtEpochSec`. See docs/dynamodb-store.md#item-layout.
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
 * @example new CreateTableCommand({ TableName, KeySchema: [...GrantTableKeySchema], AttributeDefinitions: [...GrantTableAttributeDefinitions] });
 */
export const GrantTableKeySchema = [{ AttributeName: GrantTableSchema.partitionKey, KeyType: 'HASH' }] as const;

/**
 * `AttributeDefinitions` of the table (the key attribute only).
 * @example const definitions = [...GrantTableAttributeDefinitions];
 */
export const GrantTableAttributeDefinitions = [
  { AttributeName: GrantTableSchema.partitionKey, AttributeType: GrantTableSchema.partitionKeyType },
] as const;

/**
 * The IAM actions the store sends, per use. See docs/dynamodb-store.md#iam-actions.
 * @example role.addToPolicy(new iam.PolicyStatement({ actions: [...GrantTableIamActions.runtime], resources: [table.tableArn] })); // CDK
 */
export const GrantTableIamActions = {
  runtime: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  list: ['dynamodb:Scan'],
  reconcile: ['dynamodb:Scan'],
} as const;

/**
 * Everything a deployment needs about the store's table. The SAM, Terraform and CDK
 * templates are tested against these values.
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
  schema: GrantTableSchema,
  keySchema: GrantTableKeySchema,
  attributeDefinitions: GrantTableAttributeDefinitions,
  /** `runtime` (every invocation), `reconcile` (added for the reconcile event), `list` (the CLI's `grants list`). */
  iamActions: GrantTableIamActions,
} as const;
