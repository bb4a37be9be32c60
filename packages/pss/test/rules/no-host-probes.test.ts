import { noHostProbes } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noHostProbes, {
  valid: [
    {
      name: 'probes without a host',
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
              livenessProbe:
                httpGet:
                  path: /healthz
                  port: 8080
      `,
    },
    {
      name: 'probe host at version v1.33',
      level: 'baseline',
      version: 'v1.33',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              livenessProbe:
                httpGet:
                  host: 10.0.0.1
                  port: 8080
      `,
    },
  ],
  invalid: [
    {
      name: 'probe host',
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
              livenessProbe:
                httpGet:
                  host: 10.0.0.1 # the node-local cache
                  path: /healthz
                  port: 8080
      `,
      findings: [
        {
          message:
            'Container "app" sets livenessProbe.httpGet.host to "10.0.0.1"; remove host so that the kubelet connects to the pod\'s own IP address.',
          position: [11, 17, 11, 25], // "10.0.0.1"
          suggestions: [
            {
              description: 'Remove livenessProbe.httpGet.host',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                        livenessProbe:
                          httpGet:
                            path: /healthz
                            port: 8080
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'lifecycle handler host',
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
              lifecycle:
                postStart:
                  tcpSocket:
                    port: 5432
                    host: db.example.com
      `,
      findings: [
        {
          message:
            'Container "app" sets lifecycle.postStart.tcpSocket.host to "db.example.com"; remove host so that the kubelet connects to the pod\'s own IP address.',
          position: [13, 19, 13, 33], // "db.example.com"
          suggestions: [
            {
              description: 'Remove lifecycle.postStart.tcpSocket.host',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                        lifecycle:
                          postStart:
                            tcpSocket:
                              port: 5432
                `,
            },
          ],
        },
      ],
    },
  ],
});
