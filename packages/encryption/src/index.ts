export * from './rules/index.js';
export * from './generate/index.js';
