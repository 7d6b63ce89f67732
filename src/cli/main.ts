#!/usr/bin/env node
import { CommanderError } from 'commander';
import { createProgram, exitWhenFlushed } from './program';

// The SDK's warning about future Node versions is noise on every run of a local tool; an explicit setting wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

createProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    if (err instanceof CommanderError) {
      // Commander has printed the usage error (or the help, or the version, with exit code 0).
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    // A CLI failure (not a function error): the message only, no stack.
    process.stderr.write(`apono-lambda: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  })
  // A command is done when its action returns, not when the handler module's sockets and timers are.
  .finally(() => exitWhenFlushed());
