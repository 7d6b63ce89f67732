import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AponoIntegrationFunction, type AponoIntegrationFunctionProps } from '../../src/cdk';

const temporaryFolders: string[] = [];

/** A fresh temporary folder, removed by {@link removeTemporaryFolders}. */
function temporaryFolder(prefix: string): string {
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryFolders.push(directory);
  return directory;
}

/** Removes every folder this module made (call it in `afterAll`). */
export function removeTemporaryFolders(): void {
  for (const directory of temporaryFolders.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** A fake `apono-lambda build --zip` output folder: index.mjs, a chunk, and the zip written beside them. */
export function fakeBuildOutput(): string {
  const directory = temporaryFolder('apono-cdk-build-');
  writeFileSync(path.join(directory, 'index.mjs'), 'export const handler = async () => ({ status: "active" });\n');
  mkdirSync(path.join(directory, 'chunks'));
  writeFileSync(path.join(directory, 'chunks', 'sdk-AAAA.mjs'), 'export {};\n');
  writeFileSync(path.join(directory, 'function.zip'), 'not really a zip');
  return directory;
}

/** One synthesized configuration, shared by every test that reads it (a synth costs about a second). */
export interface Synthesized {
  template: Template;
  construct: AponoIntegrationFunction;
  stack: Stack;
  /** The files of the function's staged asset folder in the cloud assembly. */
  assetFiles: string[];
}

/** Synthesizes one stack holding one construct, into its own temporary cloud assembly. */
export function synthesize(props: Omit<AponoIntegrationFunctionProps, 'codeDirectory'> & { codeDirectory?: string }): Synthesized {
  const outdir = temporaryFolder('apono-cdk-out-');
  const app = new App({ outdir });
  const stack = new Stack(app, 'PortalAccess', { env: { account: '123456789012', region: 'eu-west-1' } });
  const construct = new AponoIntegrationFunction(stack, 'Portal', { codeDirectory: fakeBuildOutput(), ...props });
  const template = Template.fromStack(stack);
  const assetDir = readdirSync(outdir).find((entry) => entry.startsWith('asset.'));
  const assetFiles = assetDir === undefined ? [] : readdirSync(path.join(outdir, assetDir)).sort();
  return { template, construct, stack, assetFiles };
}

/** The logical id of the only resource of a type. */
export function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0]!;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every IAM statement of the template (policies and inline role policies), with its actions as a list. */
export function iamStatements(template: Template): Array<Statement & { actions: string[] }> {
  const documents: Array<{ Statement: Statement[] }> = [
    ...Object.values(template.findResources('AWS::IAM::Policy')).map((policy) => policy.Properties.PolicyDocument),
    ...Object.values(template.findResources('AWS::IAM::Role')).flatMap((role) =>
      ((role.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>).map((policy) => policy.PolicyDocument)),
  ];
  return documents.flatMap((document) => document.Statement)
    .map((statement) => ({ ...statement, actions: ([] as string[]).concat(statement.Action) }));
}
