#!/usr/bin/env node
import { run } from './program';

run(process.argv).then((code) => {
  process.exitCode = code;
});
