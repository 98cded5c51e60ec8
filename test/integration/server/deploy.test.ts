import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { API_PREFIX, endpoints } from '../../../protocol/rest';

// No Docker engine or cluster runs here: these checks read the files and hold them to what the
// server needs (non-root, health checks, probes on real routes, matching names and ports).

const ROOT = path.join(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Variables the server reads (server/config.ts). */
const CONFIG_VARIABLES = new Set([...read('server/config.ts').matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));
const routes = new Set(Object.values(endpoints).filter((e) => e.method === 'get' && !e.auth).map((e) => API_PREFIX + e.path));

interface Stage {
  from: string;
  instructions: { op: string; args: string }[];
}

function dockerStages(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') stages.push({ from: args, instructions: [] });
    else stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

describe('server: deployment files', () => {
  describe('deploy/Dockerfile', () => {
    const stages = dockerStages(read('deploy/Dockerfile'));
    const final = stages.at(-1)!;
    const last = (op: string) => final.instructions.filter((i) => i.op === op).at(-1);

    it('is multi-stage and ships only build output to the runtime stage', () => {
      assert.ok(stages.length >= 2);
      assert.match(stages[0].from, /AS build$/i);
      const copies = final.instructions.filter((i) => i.op === 'COPY');
      assert.ok(copies.length > 0 && copies.every((c) => c.args.includes('--from=build')));
      assert.ok(copies.some((c) => c.args.includes('server/db/migrations')), 'the SQL migrations are in the image');
      assert.ok(!final.instructions.some((i) => i.op === 'RUN' && /npm (ci|install)/.test(i.args)), 'no installs in the runtime stage');
    });

    it('runs as a numeric non-root user', () => {
      const user = last('USER');
      assert.ok(user, 'USER is set');
      const uid = user.args.split(':')[0];
      assert.match(uid, /^\d+$/);
      assert.notEqual(uid, '0');
      const userIndex = final.instructions.indexOf(user);
      assert.ok(final.instructions.slice(userIndex).every((i) => i.op !== 'RUN'), 'nothing runs as root after USER');
    });

    it('has a HEALTHCHECK on the liveness route, and serves on the exposed port', () => {
      const check = last('HEALTHCHECK');
      assert.ok(check);
      assert.match(check.args, /--interval=\d+s/);
      assert.ok(check.args.includes('/api/v1/health') && routes.has('/api/v1/health'));
      assert.equal(last('EXPOSE')?.args, '8080');
      assert.match(final.instructions.find((i) => i.op === 'ENV')!.args, /PORT=8080/);
      assert.match(final.instructions.find((i) => i.op === 'ENV')!.args, /HOST=0\.0\.0\.0/);
      assert.deepEqual(JSON.parse(last('CMD')!.args), ['node', 'bin/mobius.js', 'serve']);
    });
  });

  describe('deploy/docker-compose.yml', () => {
    const compose = parseYaml(read('deploy/docker-compose.yml'), { merge: true });
    const services = compose.services;

    it('runs pgvector, Redis, Qdrant and the API, the API after the migration', () => {
      assert.match(services.postgres.image, /^pgvector\/pgvector:/);
      assert.match(services.redis.image, /^redis:7/);
      assert.match(services.qdrant.image, /^qdrant\/qdrant:v\d/);
      assert.deepEqual(services.migrate.command.slice(-2), ['serve', '--migrate-only']);
      assert.equal(services.api.depends_on.migrate.condition, 'service_completed_successfully');
      for (const dep of ['postgres', 'redis', 'qdrant']) {
        assert.equal(services.api.depends_on[dep].condition, 'service_healthy', dep);
        assert.ok(services[dep].healthcheck?.test, `${dep} has a health check`);
      }
      assert.equal(services.api.build.dockerfile, 'deploy/Dockerfile');
      assert.deepEqual(services.api.ports, ['8080:8080']);
    });

    it('configures the API with variables the server knows, pointing at the compose services', () => {
      const env = services.api.environment;
      for (const name of Object.keys(env)) assert.ok(CONFIG_VARIABLES.has(name), `${name} is not a server setting`);
      assert.match(env.DATABASE_URL, /@postgres:5432\//);
      assert.equal(env.REDIS_URL, 'redis://redis:6379');
      assert.equal(env.QDRANT_URL, 'http://qdrant:6333');
      assert.match(env.JWT_SECRET, /:\?/, 'the secret must be provided, never defaulted');
    });
  });

  describe('deploy/k8s', () => {
    const docs = fs
      .readdirSync(path.join(ROOT, 'deploy/k8s'))
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(read(`deploy/k8s/${f}`)).map((d) => d.toJS()));
    const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
    const deployment = byKind('Deployment')[0];
    const pod = deployment.spec.template.spec;
    const api = pod.containers.find((c: { name: string }) => c.name === 'api');

    it('has a Deployment, Service, HPA, ConfigMap, Secret and PodDisruptionBudget', () => {
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'ConfigMap', 'Secret', 'PodDisruptionBudget']) {
        assert.equal(byKind(kind).length, 1, kind);
      }
    });

    it('probes real routes: liveness and startup on /health, readiness on /health/ready', () => {
      assert.equal(api.livenessProbe.httpGet.path, '/api/v1/health');
      assert.equal(api.startupProbe.httpGet.path, '/api/v1/health');
      assert.equal(api.readinessProbe.httpGet.path, '/api/v1/health/ready');
      for (const probe of [api.livenessProbe, api.readinessProbe, api.startupProbe]) {
        assert.ok(routes.has(probe.httpGet.path));
        assert.equal(probe.httpGet.port, 'http');
      }
      assert.deepEqual(api.ports, [{ name: 'http', containerPort: 8080 }]);
    });

    it('runs non-root with a read-only root filesystem, and shuts down within its grace period', () => {
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.ok(pod.securityContext.runAsUser > 0);
      assert.equal(api.securityContext.readOnlyRootFilesystem, true);
      assert.equal(api.securityContext.allowPrivilegeEscalation, false);
      const config = byKind('ConfigMap')[0].data;
      const shutdownSeconds = Number(config.SHUTDOWN_TIMEOUT_MS) / 1000;
      const preStop = Number(api.lifecycle.preStop.exec.command[1]);
      assert.ok(pod.terminationGracePeriodSeconds > shutdownSeconds + preStop, 'grace period covers preStop + shutdown');
    });

    it('migrates in an init container before the API starts', () => {
      const migrate = pod.initContainers[0];
      assert.deepEqual(migrate.command.slice(-2), ['serve', '--migrate-only']);
      assert.equal(migrate.image, api.image);
    });

    it('reads settings from the ConfigMap and secrets through Secret references that exist', () => {
      const configMap = byKind('ConfigMap')[0];
      const secret = byKind('Secret')[0];
      assert.ok(api.envFrom.some((e: { configMapRef?: { name: string } }) => e.configMapRef?.name === configMap.metadata.name));
      for (const name of Object.keys(configMap.data)) assert.ok(CONFIG_VARIABLES.has(name), `${name} is not a server setting`);
      for (const variable of api.env) {
        const ref = variable.valueFrom.secretKeyRef;
        assert.equal(ref.name, secret.metadata.name, variable.name);
        assert.ok(ref.key in secret.stringData, `${ref.key} is in the Secret`);
        assert.ok(CONFIG_VARIABLES.has(variable.name), variable.name);
      }
      for (const required of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET']) {
        assert.ok(api.env.some((e: { name: string; valueFrom: { secretKeyRef: { optional?: boolean } } }) => e.name === required && !e.valueFrom.secretKeyRef.optional), required);
      }
    });

    it('routes the Service to the pods and scales the Deployment on CPU', () => {
      const service = byKind('Service')[0];
      assert.deepEqual(service.spec.selector, deployment.spec.selector.matchLabels);
      assert.deepEqual(deployment.spec.template.metadata.labels, deployment.spec.selector.matchLabels);
      assert.equal(service.spec.ports[0].targetPort, 'http');
      const hpa = byKind('HorizontalPodAutoscaler')[0];
      assert.equal(hpa.apiVersion, 'autoscaling/v2');
      assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
      assert.ok(hpa.spec.minReplicas >= 2 && hpa.spec.maxReplicas > hpa.spec.minReplicas);
      const cpu = hpa.spec.metrics.find((m: { resource: { name: string } }) => m.resource.name === 'cpu');
      assert.equal(cpu.resource.target.type, 'Utilization');
      assert.ok(cpu.resource.target.averageUtilization > 0 && cpu.resource.target.averageUtilization <= 90);
      assert.ok(api.resources.requests.cpu, 'CPU utilisation needs a CPU request');
      const pdb = byKind('PodDisruptionBudget')[0];
      assert.deepEqual(pdb.spec.selector.matchLabels, deployment.spec.selector.matchLabels);
    });
  });
});
