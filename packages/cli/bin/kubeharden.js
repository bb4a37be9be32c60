#!/usr/bin/env node
// A committed entry point, so npm links the command before the TypeScript build has run.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
