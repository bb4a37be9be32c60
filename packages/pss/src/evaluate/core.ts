// Every import from the engine goes through this file, so the evaluator's dependency on
// `@kubeharden/core` is visible in one place.
export { CONTAINER_LISTS, getAt, podTemplateLocation } from '@kubeharden/core';
export type { ContainerList, Path, PodTemplateLocation } from '@kubeharden/core';
