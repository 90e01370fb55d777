import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dryRunBody } from './__testUtils__/environment';
import {
  demoCatalogIngested,
  startScaffolderBackend,
} from './__testUtils__/scaffolderBackend';

// The services the templates generate are runnable: the real scaffolder
// renders each template (dry run: nothing is published or deployed), and the
// rendered repository's own test command runs with its own toolchain and
// dependencies from the public registries (the Go module proxy, npm).
// The Spring Boot skeleton is not run: Maven Central is out of reach here.
jest.setTimeout(600_000);

const run = promisify(execFile);
// An admin in the demo organisation (catalog/org.yaml), so the actions'
// membership check, which reads the catalog, lets them act for storefront.
const author = 'user:default/carol';

describe('generated services build and pass their own tests', () => {
  let api: Awaited<ReturnType<typeof startScaffolderBackend>>;
  const dirs: string[] = [];

  beforeAll(async () => {
    api = await startScaffolderBackend({
      memberships: {
        [author]: ['group:default/admins', 'group:default/storefront'],
      },
    });
    // The demo team and application, which validate looks up.
    await demoCatalogIngested(api, author);
  });

  afterAll(async () => {
    await api?.backend.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The repository the template would publish, written to a temp dir. */
  async function render(template: string, name: string): Promise<string> {
    const res = await api.post(
      author,
      '/api/scaffolder/v2/dry-run',
      dryRunBody(template, {
        name,
        owner: 'group:default/storefront',
        system: 'system:default/shop',
        clusters: ['resource:default/dev'],
        ci: 'tekton',
        minReplicas: 1,
        maxReplicas: 2,
      }),
    );
    if (res.status !== 200) {
      throw new Error(`dry run: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
    dirs.push(dir);
    for (const file of res.body.directoryContents as Array<{
      path: string;
      base64Content: string;
    }>) {
      const target = path.join(dir, file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'));
    }
    return dir;
  }

  /** Runs a command in `cwd`; the error carries its output. */
  async function sh(cwd: string, command: string, args: string[]) {
    const started = Date.now();
    try {
      const { stdout, stderr } = await run(command, args, {
        cwd,
        maxBuffer: 64 << 20,
        env: { ...process.env, CI: 'true' },
      });
      // eslint-disable-next-line no-console
      console.log(
        `${path.basename(cwd)}: ${command} ${args.join(' ')} in ${
          Date.now() - started
        } ms`,
      );
      return `${stdout}${stderr}`;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as {
        stdout?: string;
        stderr?: string;
      };
      throw new Error(
        `${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`,
      );
    }
  }

  it('Go: go vet and go test pass on the rendered repository', async () => {
    const dir = await render('go-service.yaml', 'skel-go');
    // No template expressions left over in what the compiler reads.
    expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toMatch(
      /^module skel-go$/m,
    );
    for (const file of [
      'Dockerfile',
      'catalog-info.yaml',
      'k8s/deployment.yaml',
    ]) {
      expect(fs.readFileSync(path.join(dir, file), 'utf8')).not.toContain(
        '${{',
      );
    }
    await sh(dir, 'go', ['vet', './...']);
    const out = await sh(dir, 'go', ['test', '-count=1', './...']);
    expect(out).toMatch(/^ok\s+skel-go/m);
  });

  it('Node.js: npm install and npm test pass on the rendered repository', async () => {
    const dir = await render('nodejs-service.yaml', 'skel-node');
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name,
    ).toBe('skel-node');
    await sh(dir, 'npm', ['install', '--no-audit', '--no-fund']);
    const out = await sh(dir, 'npm', ['test']);
    // node --test's summary: some tests, none failed.
    expect(out).toMatch(/# pass [1-9]/);
    expect(out).toMatch(/# fail 0/);
  });

  it("Python: the service's unittest suite passes on the rendered repository", async () => {
    const dir = await render('python-service.yaml', 'skel-py');
    // Debian's FastAPI stack (./paasport test installs it): PyPI, which
    // requirements.txt pins for real builds, is out of reach here.
    const out = await sh(dir, '/usr/bin/python3', [
      '-m',
      'unittest',
      'discover',
      '-s',
      'tests',
      '-t',
      '.',
      '-v',
    ]);
    expect(out).toMatch(/^Ran [3-9] tests? in /m);
    expect(out).toMatch(/^OK$/m);
  });
});
