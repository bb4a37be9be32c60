export * from './evaluate/index.js';
export * from './rules/index.js';
