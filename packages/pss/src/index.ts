export * from './evaluate/index.js';
export * from './rules/index.js';
export * from './generate/generators.js';
