import { noHostPathVolumes } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noHostPathVolumes, {
  valid: [
    {
      name: 'emptyDir volume',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
          volumes:
            - name: scratch
              emptyDir: {}
      `,
    },
    // At restricted the volume type check reports it (no-disallowed-volume-types).
    {
      name: 'hostPath at restricted level',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
          volumes:
            - name: logs
              hostPath:
                path: /var/log
      `,
    },
  ],
  invalid: [
    {
      name: 'read-only hostPath volume',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              volumeMounts:
                - name: logs
                  mountPath: /host/logs
                  readOnly: true
          volumes:
            - name: cache
              emptyDir: {}
            - name: logs
              hostPath: {path: /var/log, type: Directory}
      `,
      findings: [
        {
          message:
            'Volume "logs" mounts node path "/var/log" through hostPath; replace it with a volume type that does not expose the node\'s file system, such as emptyDir, configMap or persistentVolumeClaim.',
          position: [17, 7, 17, 15], // "hostPath"
        },
      ],
    },
  ],
});
