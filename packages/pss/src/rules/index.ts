import type { Rule } from '@kubeharden/core';

import { requirePodSecurityLabels } from './namespace-labels.js';
import { PSS_CONTROL_RULES } from './pss-rules.js';
import { requireReadOnlyRootFilesystem } from './read-only-root-filesystem.js';

export * from './pss-rules.js';
export { requirePodSecurityLabels } from './namespace-labels.js';
export { requireReadOnlyRootFilesystem } from './read-only-root-filesystem.js';
export { effectivePolicy, type EffectivePolicy } from './policy.js';

/** Every rule of the Pod Security area. */
export const PSS_RULES: readonly Rule[] = [...PSS_CONTROL_RULES, requireReadOnlyRootFilesystem, requirePodSecurityLabels];
