import { validEnumValues } from '../../src/index.js';
import { yaml } from '../helpers.js';
import { testRule } from './tester.js';

testRule(validEnumValues, {
  valid: [
    {
      name: 'declared values',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          restartPolicy: Always
          containers:
            - name: app
              image: registry.example.com/app:1.0
              imagePullPolicy: IfNotPresent
              ports:
                - containerPort: 8080
                  protocol: TCP
      `,
    },
  ],
  invalid: [
    {
      name: 'value in the wrong case',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              imagePullPolicy: "always"
      `,
      findings: [
        {
          message:
            'Field spec.containers[0].imagePullPolicy has string "always", which is not one of "Always", "IfNotPresent" or "Never".',
          position: [9, 24, 9, 32],
          fix: {
            description: 'Write Always',
            output: yaml`
              apiVersion: v1
              kind: Pod
              metadata:
                name: app
              spec:
                containers:
                  - name: app
                    image: registry.example.com/app:1.0
                    imagePullPolicy: "Always"
            `,
          },
        },
      ],
    },
    {
      name: 'value outside the set',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          restartPolicy: Sometimes
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'Field spec.restartPolicy has string "Sometimes", which is not one of "Always", "Never" or "OnFailure".',
          position: [6, 18, 6, 27],
        },
      ],
    },
  ],
});
