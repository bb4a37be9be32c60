/**
 * HIPAA Security Rule requirements (45 CFR Part 164, Subpart C) that Kubernetes controls can give
 * evidence for. This is data so that reports and rule metadata share one list, and another
 * framework can be added beside it in the same shape.
 */
export interface FrameworkRequirement {
  /** The citation as written in the regulation, e.g. `164.312(a)(1)`. */
  readonly id: string;
  readonly title: string;
  /** R for a required implementation specification, A for an addressable one. */
  readonly specification?: 'R' | 'A';
  readonly summary: string;
}

export interface Framework {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly requirements: readonly FrameworkRequirement[];
}

export const HIPAA: Framework = {
  id: 'hipaa',
  name: 'HIPAA Security Rule',
  source: '45 CFR Part 164, Subpart C, sections 164.308 and 164.312',
  requirements: [
    {
      id: '164.312(a)(1)',
      title: 'Access control',
      summary: 'Only authorised people and software reach systems with health data.',
    },
    {
      id: '164.312(a)(2)(i)',
      title: 'Unique user identification',
      specification: 'R',
      summary: 'Every identity is unique and traceable.',
    },
    {
      id: '164.312(a)(2)(ii)',
      title: 'Emergency access procedure',
      specification: 'R',
      summary: 'Health data stays reachable in an emergency.',
    },
    {
      id: '164.312(a)(2)(iv)',
      title: 'Encryption and decryption',
      specification: 'A',
      summary: 'Health data at rest is encrypted.',
    },
    {
      id: '164.312(b)',
      title: 'Audit controls',
      summary: 'Activity on systems with health data is recorded and can be examined.',
    },
    {
      id: '164.312(c)(1)',
      title: 'Integrity',
      summary: 'Health data is protected from improper change or destruction.',
    },
    {
      id: '164.312(d)',
      title: 'Person or entity authentication',
      summary: 'Whoever seeks access is who they claim to be.',
    },
    {
      id: '164.312(e)(1)',
      title: 'Transmission security',
      summary: 'Health data sent over networks is guarded against unauthorised access.',
    },
    {
      id: '164.312(e)(2)(ii)',
      title: 'Encryption in transit',
      specification: 'A',
      summary: 'Health data in transit is encrypted.',
    },
    {
      id: '164.308(a)(1)(ii)(A)',
      title: 'Risk analysis',
      specification: 'R',
      summary: 'Risks to health data are assessed.',
    },
    {
      id: '164.308(a)(4)',
      title: 'Information access management',
      summary: 'Access is authorised and reviewed.',
    },
    {
      id: '164.308(a)(7)(ii)(A)',
      title: 'Data backup plan',
      specification: 'R',
      summary: 'Exact copies of health data can be retrieved.',
    },
    {
      id: '164.308(a)(8)',
      title: 'Evaluation',
      summary: 'Technical and non-technical evaluations happen periodically.',
    },
  ],
};

/** Citations a rule may list in its metadata. */
export type HipaaSection = (typeof HIPAA.requirements)[number]['id'];

const KNOWN_SECTIONS = new Set(HIPAA.requirements.map((requirement) => requirement.id));

/** True when `section` is one of the HIPAA requirements above. */
export function isHipaaSection(section: string): boolean {
  return KNOWN_SECTIONS.has(section);
}
