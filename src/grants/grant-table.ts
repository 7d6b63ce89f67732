import { GrantTableAttributeDefinitions, GrantTableIamActions, GrantTableKeySchema, GrantTableSchema } from './dynamodb/constants';

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
