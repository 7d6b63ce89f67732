#!/usr/bin/env node
import { createProgram } from './program';

createProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    // A CLI failure (not a function error): the message only, no stack.
    process.stderr.write(`apono-lambda: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  });
