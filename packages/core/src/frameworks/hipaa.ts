import type { Framework } from './framework.js';

export type {
  ChecklistItem,
  EvidenceSelector,
  Framework,
  FrameworkRequirement,
} from './framework.js';

/**
 * HIPAA Security Rule requirements (45 CFR Part 164, Subpart C) that Kubernetes controls can give
 * evidence for. This is data so that reports and rule metadata share one list, and another
 * framework can be added beside it in the same shape.
 */
export const HIPAA: Framework = {
  id: 'hipaa',
  name: 'HIPAA Security Rule',
  source: '45 CFR Part 164, Subpart C, sections 164.308 and 164.312',
  organization: 'U.S. Department of Health and Human Services',
  requirements: [
    {
      id: '164.312(a)(1)',
      title: 'Access control',
      summary: 'Only authorised people and software reach systems with health data.',
      guidance:
        'Bind workloads to narrow Roles, run pods at the restricted Pod Security level, and isolate namespaces with default-deny NetworkPolicies.',
    },
    {
      id: '164.312(a)(2)(i)',
      title: 'Unique user identification',
      specification: 'R',
      summary: 'Every identity is unique and traceable.',
      guidance:
        'Give every workload its own ServiceAccount, and bind no role to anonymous users or to all authenticated users.',
    },
    {
      id: '164.312(a)(2)(ii)',
      title: 'Emergency access procedure',
      specification: 'R',
      summary: 'Health data stays reachable in an emergency.',
      assessment: 'procedural',
      responsibility: 'the client',
      guidance:
        'Write down and rehearse how health data is restored and reached in an emergency; backup schedules in the manifests support the procedure but do not replace it.',
    },
    {
      id: '164.312(a)(2)(iv)',
      title: 'Encryption and decryption',
      specification: 'A',
      summary: 'Health data at rest is encrypted.',
      guidance:
        'Put health-data volumes and databases on encrypted StorageClasses, and encrypt Secrets at rest with a KMS provider.',
    },
    {
      id: '164.312(b)',
      title: 'Audit controls',
      summary: 'Activity on systems with health data is recorded and can be examined.',
      guidance:
        'Give the API server an audit Policy that records exec, attach and RBAC changes, never records Secret payloads, and keeps the logs.',
    },
    {
      id: '164.312(c)(1)',
      title: 'Integrity',
      summary: 'Health data is protected from improper change or destruction.',
      guidance:
        'Run containers with read-only root filesystems and without privileges or hostPath volumes, limit update and delete rights, and schedule backups.',
    },
    {
      id: '164.312(d)',
      title: 'Person or entity authentication',
      summary: 'Whoever seeks access is who they claim to be.',
      guidance:
        'Give each workload its own ServiceAccount, require client certificates for database connections, and turn off anonymous access to the API server.',
    },
    {
      id: '164.312(e)(1)',
      title: 'Transmission security',
      summary: 'Health data sent over networks is guarded against unauthorised access.',
      guidance:
        'Serve every Ingress and Gateway host over TLS with cert-manager certificates, enforce TLS on PostgreSQL, and restrict egress with NetworkPolicies.',
    },
    {
      id: '164.312(e)(2)(ii)',
      title: 'Encryption in transit',
      specification: 'A',
      summary: 'Health data in transit is encrypted.',
      guidance:
        'Encrypt every connection that carries health data, including database and backup endpoints, and keep certificate verification on.',
    },
    {
      id: '164.308(a)(1)(ii)(A)',
      title: 'Risk analysis',
      specification: 'R',
      summary: 'Risks to health data are assessed.',
      assessment: 'procedural',
      responsibility: 'the client',
      reportIsEvidence: true,
      guidance:
        'Carry out and document a risk analysis of the systems that hold health data; keep dated kubeharden reports as evidence of its technical part.',
    },
    {
      id: '164.308(a)(4)',
      title: 'Information access management',
      summary: 'Access is authorised and reviewed.',
      guidance:
        'Review the effective permissions of each ServiceAccount and the bindings that grant them, and remove access that no workload needs.',
    },
    {
      id: '164.308(a)(7)(ii)(A)',
      title: 'Data backup plan',
      specification: 'R',
      summary: 'Exact copies of health data can be retrieved.',
      guidance:
        'Schedule Velero backups of every health-data namespace and CloudNativePG ScheduledBackups, and encrypt the backup storage with a KMS key.',
    },
    {
      id: '164.308(a)(8)',
      title: 'Evaluation',
      summary: 'Technical and non-technical evaluations happen periodically.',
      assessment: 'procedural',
      responsibility: 'the client',
      reportIsEvidence: true,
      evidenceObjects: [
        { kind: 'CronJob', imageContains: 'kubeharden', description: 'Runs kubeharden on a schedule.' },
      ],
      guidance:
        'Evaluate the safeguards periodically, for example with the CronJob that `kubeharden generate scanner-cronjob` writes, and keep the dated reports.',
    },
    {
      id: '164.308(b)(1)',
      title: 'Business associate contracts',
      summary: 'Every business associate that handles health data has signed a contract that protects it.',
      assessment: 'procedural',
      responsibility: 'the client',
      guidance:
        'Sign a business associate agreement with the cloud provider and with every other service that stores or processes health data.',
    },
  ],
  checklist: [
    {
      id: 'encryption-at-rest',
      title: 'Encryption at rest (Longhorn, PostgreSQL)',
      requirements: ['164.312(a)(2)(iv)'],
      areas: ['encryption'],
      // Storage kinds only, so that rules about backups count for the backup item instead.
      kinds: ['StorageClass', 'PersistentVolumeClaim', 'PersistentVolume', 'EncryptionConfiguration'],
    },
    {
      id: 'encryption-in-transit',
      title: 'Encryption in transit (TLS via cert-manager)',
      requirements: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
      areas: ['encryption'],
    },
    {
      id: 'network-segmentation',
      title: 'Network segmentation (NetworkPolicies)',
      requirements: ['164.312(a)(1)', '164.312(e)(1)'],
      areas: ['network'],
    },
    {
      id: 'access-controls',
      title: 'Access controls (RBAC, Pod Security)',
      requirements: ['164.312(a)(1)', '164.312(a)(2)(i)', '164.312(c)(1)', '164.308(a)(4)'],
      areas: ['rbac', 'pod-security'],
    },
    {
      id: 'audit-logging',
      title: 'Audit logging',
      requirements: ['164.312(b)'],
      areas: ['audit'],
    },
    {
      id: 'backup-encryption',
      title: 'Backup encryption (Velero and S3 KMS)',
      requirements: ['164.312(a)(2)(iv)', '164.308(a)(7)(ii)(A)'],
      kinds: [
        'Schedule',
        'Backup',
        'BackupStorageLocation',
        'VolumeSnapshotLocation',
        'ScheduledBackup',
        'ObjectStore',
        'RecurringJob',
        'BackupTarget',
      ],
    },
    {
      id: 'business-associate-agreement',
      title: 'Business associate agreement with the cloud provider',
      requirements: ['164.308(b)(1)'],
      responsibility: 'the client',
    },
    {
      id: 'periodic-assessments',
      title: 'Periodic security assessments',
      requirements: ['164.308(a)(8)'],
      responsibility: 'the client',
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
