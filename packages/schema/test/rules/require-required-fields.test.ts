import { requireRequiredFields } from '../../src/index.js';
import { yaml } from '../helpers.js';
import { testRule } from './tester.js';

testRule(requireRequiredFields, {
  valid: [
    {
      name: 'Deployment with selector and template',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: app
                  image: registry.example.com/app:1.0
      `,
    },
    {
      name: 'strategic merge patch with a directive',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              $setElementOrder/containers:
                - name: app
              containers:
                - name: app
                  image: registry.example.com/app:1.1
      `,
    },
  ],
  invalid: [
    {
      name: 'container without a name',
      code: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - image: registry.example.com/migrate:1.0
      `,
      findings: [
        {
          message:
            'Required field "name" is missing from Container at spec.template.spec.containers[0].',
          position: [10, 18, 10, 50],
        },
      ],
    },
    {
      name: 'container port without a number',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              ports:
                - name: http
                  protocol: TCP
      `,
      findings: [
        {
          message:
            'Required field "containerPort" is missing from ContainerPort at spec.containers[0].ports[0].',
          position: [10, 17, 10, 21],
        },
      ],
    },
    {
      name: 'Deployment spec without selector',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message: 'Required field "selector" is missing from DeploymentSpec at spec.',
          position: [5, 1, 5, 5],
        },
      ],
    },
  ],
});
