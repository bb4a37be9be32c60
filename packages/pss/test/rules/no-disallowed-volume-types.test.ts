import { noDisallowedVolumeTypes } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noDisallowedVolumeTypes, {
  valid: [
    {
      name: 'allowed volume types',
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
            - name: config
              configMap:
                name: app
            - name: secrets
              csi:
                driver: secrets-store.csi.k8s.io
            - name: data
              persistentVolumeClaim:
                claimName: data
            - name: token
              projected:
                sources:
                  - serviceAccountToken:
                      path: token
      `,
    },
    {
      name: 'nfs at baseline level',
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
            - name: data
              nfs:
                server: nfs.example.com
                path: /exports/data
      `,
    },
  ],
  invalid: [
    {
      name: 'nfs and hostPath volumes',
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
            - name: data
              nfs:
                server: nfs.example.com
                path: /exports/data
            - name: logs
              hostPath:
                path: /var/log
      `,
      findings: [
        {
          message:
            'Volume "data" uses the restricted volume type "nfs"; use one of configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret instead.',
          position: [11, 7, 11, 10], // "nfs"
        },
        {
          message:
            'Volume "logs" uses the restricted volume type "hostPath"; use one of configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret instead.',
          position: [15, 7, 15, 15], // "hostPath"
        },
      ],
    },
  ],
});
