import { validFieldTypes } from '../../src/index.js';
import { yaml } from '../helpers.js';
import { testRule } from './tester.js';

testRule(validFieldTypes, {
  valid: [
    {
      name: 'int-or-string as integer and as string',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web
        spec:
          podSelector:
            matchLabels: {app: web}
          ingress:
            - ports:
                - port: http
                - port: 9090
                  endPort: 9095
      `,
    },
    {
      name: 'percentages, quantities and null values',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          strategy:
            rollingUpdate:
              maxSurge: 25%
              maxUnavailable: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              securityContext:
              containers:
                - name: app
                  image: registry.example.com/app:1.0
                  resources:
                    limits:
                      cpu: 0.5
                      memory: 128Mi
      `,
    },
    {
      name: 'ServiceBackendPort as an object',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
        spec:
          defaultBackend:
            service:
              name: web
              port:
                number: 80
      `,
    },
  ],
  invalid: [
    {
      name: 'integer for a ServiceBackendPort',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: app-ingress
        spec:
          defaultBackend:
            service:
              name: app
              port: 80
      `,
      findings: [
        {
          message:
            'Field spec.defaultBackend.service.port must be a ServiceBackendPort object with "name" or "number", not integer 80.',
          position: [9, 13, 9, 15],
          fix: {
            description: 'Write the port as number: 80',
            output: yaml`
              apiVersion: networking.k8s.io/v1
              kind: Ingress
              metadata:
                name: app-ingress
              spec:
                defaultBackend:
                  service:
                    name: app
                    port: { number: 80 }
            `,
          },
        },
      ],
    },
    {
      name: 'port name for a ServiceBackendPort',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: app-ingress
        spec:
          rules:
            - http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: app
                        port: http
      `,
      findings: [
        {
          message:
            'Field spec.rules[0].http.paths[0].backend.service.port must be a ServiceBackendPort object with "name" or "number", not string "http".',
          position: [14, 23, 14, 27],
          fix: {
            description: 'Write the port as name: http',
            output: yaml`
              apiVersion: networking.k8s.io/v1
              kind: Ingress
              metadata:
                name: app-ingress
              spec:
                rules:
                  - http:
                      paths:
                        - path: /
                          pathType: Prefix
                          backend:
                            service:
                              name: app
                              port: { name: http }
            `,
          },
        },
      ],
    },
    {
      name: 'YAML 1.1 boolean and number in string maps',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: payments
          labels:
            phi: yes
          annotations:
            example.com/schema-version: 1.10
      `,
      findings: [
        {
          message: 'Field metadata.labels.phi must be a string, not boolean true (written yes).',
          position: [6, 10, 6, 13],
          fix: {
            description: 'Quote yes so that it stays text',
            output: yaml`
              apiVersion: v1
              kind: Namespace
              metadata:
                name: payments
                labels:
                  phi: "yes"
                annotations:
                  example.com/schema-version: 1.10
            `,
          },
        },
        {
          message:
            'Field metadata.annotations["example.com/schema-version"] must be a string, not number 1.1 (written 1.10).',
          position: [8, 33, 8, 37],
          fix: {
            description: 'Quote 1.10 so that it stays text',
            output: yaml`
              apiVersion: v1
              kind: Namespace
              metadata:
                name: payments
                labels:
                  phi: yes
                annotations:
                  example.com/schema-version: "1.10"
            `,
          },
        },
      ],
    },
    {
      name: 'number and boolean written as strings',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              ports:
                - containerPort: "8080"
              securityContext:
                runAsNonRoot: 'true'
      `,
      findings: [
        {
          message:
            'Field spec.containers[0].ports[0].containerPort must be a number, not string "8080".',
          position: [10, 26, 10, 32],
          fix: {
            description: 'Write 8080 as a number',
            output: yaml`
              apiVersion: v1
              kind: Pod
              metadata:
                name: app
              spec:
                containers:
                  - name: app
                    image: registry.example.com/app:1.0
                    ports:
                      - containerPort: 8080
                    securityContext:
                      runAsNonRoot: 'true'
            `,
          },
        },
        {
          message:
            'Field spec.containers[0].securityContext.runAsNonRoot must be a boolean, not string "true".',
          position: [12, 23, 12, 29],
          fix: {
            description: 'Write true as a boolean',
            output: yaml`
              apiVersion: v1
              kind: Pod
              metadata:
                name: app
              spec:
                containers:
                  - name: app
                    image: registry.example.com/app:1.0
                    ports:
                      - containerPort: "8080"
                    securityContext:
                      runAsNonRoot: true
            `,
          },
        },
      ],
    },
    {
      name: 'mapping for a list and text for an object',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          securityContext: restricted
          containers:
            name: app
            image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'Field spec.securityContext must be a PodSecurityContext object, not string "restricted".',
          position: [6, 20, 6, 30],
        },
        {
          message: 'Field spec.containers must be a list, not a mapping.',
          position: [7, 3, 7, 13],
        },
      ],
    },
  ],
});
