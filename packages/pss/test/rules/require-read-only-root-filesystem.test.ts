import { requireReadOnlyRootFilesystem } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(requireReadOnlyRootFilesystem, {
  valid: [
    {
      name: 'read-only root filesystem',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                readOnlyRootFilesystem: true
      `,
    },
    {
      name: 'Windows pod',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          os:
            name: windows
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
    {
      name: 'object without pod template',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ports:
            - port: 80
      `,
    },
  ],
  invalid: [
    {
      name: 'readOnlyRootFilesystem set to false',
      level: 'privileged',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                readOnlyRootFilesystem: false # writes its cache to /var/cache
              volumeMounts:
                - name: data
                  mountPath: /data
          volumes:
            - name: data
              persistentVolumeClaim:
                claimName: data
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.readOnlyRootFilesystem to false; set it to true and mount an emptyDir where the application writes.',
          position: [10, 33, 10, 38], // "false"
          suggestions: [
            {
              description: 'Set readOnlyRootFilesystem to true',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                        securityContext:
                          readOnlyRootFilesystem: true # writes its cache to /var/cache
                        volumeMounts:
                          - name: data
                            mountPath: /data
                    volumes:
                      - name: data
                        persistentVolumeClaim:
                          claimName: data
                `,
            },
            {
              description: 'Set readOnlyRootFilesystem to true and mount an emptyDir at /tmp',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                        securityContext:
                          readOnlyRootFilesystem: true # writes its cache to /var/cache
                        volumeMounts:
                          - name: data
                            mountPath: /data
                          - name: tmp
                            mountPath: /tmp
                    volumes:
                      - name: data
                        persistentVolumeClaim:
                          claimName: data
                      - name: tmp
                        emptyDir: {}
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'readOnlyRootFilesystem unset with a tmp volume',
      code: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: report
        spec:
          template:
            spec:
              initContainers:
                - name: fetch
                  image: registry.example.com/fetch:1.0
                  securityContext:
                    runAsNonRoot: true
              containers:
                - name: report
                  image: registry.example.com/report:1.0
                  securityContext:
                    readOnlyRootFilesystem: "true"
              volumes:
                - name: tmp
                  emptyDir: {}
      `,
      findings: [
        {
          message:
            'Init container "fetch" does not set securityContext.readOnlyRootFilesystem; set it to true and mount an emptyDir where the application writes.',
          position: [11, 11, 11, 26], // "securityContext"
          suggestions: [
            {
              description: 'Set readOnlyRootFilesystem to true',
              output: yaml`
                  apiVersion: batch/v1
                  kind: Job
                  metadata:
                    name: report
                  spec:
                    template:
                      spec:
                        initContainers:
                          - name: fetch
                            image: registry.example.com/fetch:1.0
                            securityContext:
                              runAsNonRoot: true
                              readOnlyRootFilesystem: true
                        containers:
                          - name: report
                            image: registry.example.com/report:1.0
                            securityContext:
                              readOnlyRootFilesystem: "true"
                        volumes:
                          - name: tmp
                            emptyDir: {}
                `,
            },
          ],
        },
        {
          message:
            'Container "report" sets securityContext.readOnlyRootFilesystem to "true"; set it to true and mount an emptyDir where the application writes.',
          position: [17, 37, 17, 43], // "\"true\""
          suggestions: [
            {
              description: 'Set readOnlyRootFilesystem to true',
              output: yaml`
                  apiVersion: batch/v1
                  kind: Job
                  metadata:
                    name: report
                  spec:
                    template:
                      spec:
                        initContainers:
                          - name: fetch
                            image: registry.example.com/fetch:1.0
                            securityContext:
                              runAsNonRoot: true
                        containers:
                          - name: report
                            image: registry.example.com/report:1.0
                            securityContext:
                              readOnlyRootFilesystem: true
                        volumes:
                          - name: tmp
                            emptyDir: {}
                `,
            },
          ],
        },
      ],
    },
  ],
});
