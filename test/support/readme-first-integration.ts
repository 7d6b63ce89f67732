import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What the README's "Write your first integration" section tells a new user to do. */
export interface FirstIntegrationSteps {
  /** Step 2: the `npm install --save-dev …` packages. */
  devPackages: string[];
  /** Step 3: tsconfig.json, as written. */
  tsconfig: string;
  /** Step 4: src/handler.ts, as written. */
  handlerSource: string;
  /** The arguments after `npx apono-lambda` of each CLI command in the steps, in order. */
  cliCommands: string[][];
  /** The `aws lambda invoke …` command of step 6, joined into one line. */
  awsInvokeCommand: string;
}

const README = path.join(__dirname, '..', '..', 'README.md');

/** Fenced blocks inside a list item are indented: remove the item's indentation. */
function dedent(block: string): string {
  const lines = block.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

function fencedBlocks(section: string, language: string): string[] {
  const pattern = new RegExp('^( *)```' + language + '\\n([\\s\\S]*?)^\\1```', 'gm');
  return [...section.matchAll(pattern)].map((match) => dedent(match[2]));
}

/**
 * Reads the steps from README.md itself, so the new-user test fails when the
 * README and the framework drift apart.
 *
 * @example
 * ```ts
 * const { handlerSource, devPackages } = readFirstIntegrationSteps();
 * ```
 */
export function readFirstIntegrationSteps(): FirstIntegrationSteps {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf('## Write your first integration');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  if (start < 0) throw new Error('README.md has no "Write your first integration" section');
  const install = /npm install --save-dev (.+)$/m.exec(section);
  const [tsconfig] = fencedBlocks(section, 'json');
  const [handlerSource] = fencedBlocks(section, 'ts');
  const cliCommands = [...section.matchAll(/npx apono-lambda ([^`\n]+)/g)].map((m) => m[1].trim().split(/\s+/));
  const awsInvoke = /[^\n]*aws lambda invoke(?:[^\n]*\\\n)*[^\n]*/.exec(section);
  if (!install || !tsconfig || !handlerSource || !awsInvoke) throw new Error('README.md\'s first-integration steps lost a block this test reads');
  const awsInvokeCommand = awsInvoke[0].replace(/\\\n\s*/g, ' ').trim();
  return { devPackages: install[1].trim().split(/\s+/), tsconfig, handlerSource, cliCommands, awsInvokeCommand };
}
