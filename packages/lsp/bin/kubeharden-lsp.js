#!/usr/bin/env node
// A committed entry point, so npm links the command before the TypeScript build has run.
import '../dist/main.js';
