import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/cli-process';

/** A command line split at spaces: the program, then its arguments. */
export type Command = [program: string, ...args: string[]];

/** What the README's "Write your first integration" section tells a new user to run. */
export interface FirstIntegrationSteps {
  /** The one-line path once the package is on npm: `npx apono-lambda-kit init <dir> && cd <dir> && npm install && npm test`. */
  oneLiner: string;
  /** The folder `init` creates. */
  projectDir: string;
  /** The tarball every "from a clone" command names (`./apono-lambda-kit/apono-lambda-kit-0.1.0.tgz`), as written. */
  tarballAsWritten: string;
  /** `npx …` arguments of the from-clone init, after `npx`, with the tarball as written. */
  initArgs: string[];
  /** The from-clone second line, split at `&&`: `cd <dir>`, `npm install <tarball>`, `npm test`. */
  installAndTest: [cd: Command, install: Command, test: Command, ...more: Command[]];
  /** The serve step's command (`npm start`). */
  startCommand: Command;
  /** The `aws lambda invoke …` command, joined into one line. */
  awsInvokeCommand: string;
  /** What that command invokes: its function name, endpoint and parsed payload. */
  invoke: { functionName: string; endpoint: string; payload: unknown; usesRawInBase64Out: boolean };
  /** `npx apono-lambda …` commands after the invoke (`grants list`), after `npx apono-lambda`. */
  afterInvoke: string[][];
  /** The build step's command (`npm run build`). */
  buildCommand: Command;
  /** The "without init" package lists. */
  byHand: { dependencies: string[]; devDependencies: string[] };
}

/** The section, from README.md itself: the new-user test fails when the two drift apart. */
export function readFirstIntegrationSection(): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Write your first integration');
  if (start < 0) throw new Error('README.md has no "Write your first integration" section');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
}

function shBlocks(section: string): string[] {
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((match) => match[1]!.replace(/\\\n\s*/g, ' '));
}

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`README.md's first-integration section lost ${what}`);
  return value;
}

/** What the first capture group of `pattern` matched in `text`. */
function captured(pattern: RegExp, text: string, what: string): string {
  return required(pattern.exec(text)?.[1], what);
}

function command(line: string, what: string): Command {
  const [program, ...args] = line.split(/\s+/);
  return [required(program, what), ...args];
}

/**
 * Reads the steps from README.md.
 *
 * @example
 * ```ts
 * const { initArgs, installAndTest } = readFirstIntegrationSteps();
 * ```
 */
export function readFirstIntegrationSteps(): FirstIntegrationSteps {
  const section = readFirstIntegrationSection();
  const lines = shBlocks(section).flatMap((block) => block.split('\n').map((line) => line.trim()).filter(Boolean));
  const oneLiner = required(lines.find((line) => line.startsWith('npx apono-lambda-kit init ')), 'the one-line init');
  const projectDir = captured(/^npx apono-lambda-kit init (\S+) && cd \1 && npm install && npm test$/, oneLiner, 'the one-liner’s shape');
  const initLine = required(lines.find((line) => line.startsWith('npx --yes --package ')), 'the from-clone init');
  const tarballAsWritten = captured(/--package (\S+\.tgz) /, initLine, 'the tarball path');
  const installLine = required(lines.find((line) => line.startsWith(`cd ${projectDir} && npm install `)), 'the from-clone install');
  const startLine = required(lines.find((line) => line.startsWith('npm start')), 'the serve step');
  const buildLine = required(lines.find((line) => line.startsWith('npm run build')), 'the build step');
  const awsIndex = lines.findIndex((line) => line.includes('aws lambda invoke'));
  const awsInvokeCommand = required(lines[awsIndex], 'the aws lambda invoke command');
  const option = (name: string) => captured(new RegExp(`--${name} (\\S+)`), awsInvokeCommand, `--${name}`);
  const payload = captured(/--payload '([^']+)'/, awsInvokeCommand, '--payload');
  const [cd, install, test, ...more] = installLine.split('&&').map((part) => command(part.trim(), 'the from-clone install'));
  const afterInvoke = lines
    .slice(awsIndex + 1)
    .filter((line) => line.startsWith('npx apono-lambda '))
    .map((line) => line.slice('npx apono-lambda '.length).split(/\s+/));
  const byHandDependencies = captured(/`npm install (apono-lambda-kit [^`]+)`/, section, 'the by-hand dependencies');
  const byHandDev = captured(/`npm install --save-dev ([^`]+)`/, section, 'the by-hand tools');
  return {
    oneLiner,
    projectDir,
    tarballAsWritten,
    initArgs: initLine.split(/\s+/).slice(1),
    installAndTest: [required(cd, 'the from-clone cd'), required(install, 'the from-clone install'), required(test, 'the from-clone npm test'), ...more],
    startCommand: command(startLine, 'the serve step'),
    awsInvokeCommand,
    invoke: {
      functionName: option('function-name'),
      endpoint: option('endpoint-url'),
      payload: JSON.parse(payload) as unknown,
      usesRawInBase64Out: awsInvokeCommand.includes('--cli-binary-format raw-in-base64-out'),
    },
    afterInvoke,
    buildCommand: command(buildLine, 'the build step'),
    byHand: { dependencies: byHandDependencies.split(/\s+/), devDependencies: byHandDev.split(/\s+/) },
  };
}
