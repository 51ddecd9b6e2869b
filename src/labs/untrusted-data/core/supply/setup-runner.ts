/**
 * What installing a source package does: pip runs its setup.py, as the user who runs pip. This
 * interprets the few statements a setup.py here contains (os.system, open().write/read, setup())
 * against a simulated file system with Unix permissions, so the same script can be seen running as
 * root (sudo pip install) and as an ordinary user in a virtual environment.
 */
import { bytesToUtf8 } from '../../../../core/bytes';
import type { TarFile } from './tar';

export type Privilege = 'root' | 'user';

export interface Account {
  name: string;
  uid: number;
  home: string;
  sitePackages: string;
  command: string;
}

export const ACCOUNTS: Record<Privilege, Account> = {
  root: {
    name: 'root',
    uid: 0,
    home: '/root',
    sitePackages: '/usr/local/lib/python3.12/dist-packages',
    command: 'sudo pip install tinyutils',
  },
  user: {
    name: 'alice',
    uid: 1000,
    home: '/home/alice',
    sitePackages: '/home/alice/venv/lib/python3.12/site-packages',
    command: '(venv) $ pip install tinyutils',
  },
};

export interface SetupEffect {
  line: number;
  source: string;
  action: 'run' | 'write' | 'append' | 'read' | 'install' | 'ignored';
  target: string;
  account: string;
  uid: number;
  allowed: boolean;
  result: string;
}

function canWrite(account: Account, path: string): boolean {
  return account.uid === 0 || path.startsWith(`${account.home}/`) || path.startsWith('/tmp/');
}

function canRead(account: Account, path: string): boolean {
  return account.uid === 0 || !(path === '/etc/shadow' || path.startsWith('/root/'));
}

const STRING = String.raw`"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'`;
const PATH = String.raw`(?:os\.path\.expanduser\((?:${STRING})\)|(?:${STRING}))`;

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c);
}

/** The string literals of a matched line, in order. */
function literals(match: RegExpExecArray): string[] {
  return match
    .slice(1)
    .filter((group): group is string => group !== undefined)
    .map(unescape);
}

export function runSetup(
  setupPy: string,
  packageFiles: TarFile[],
  privilege: Privilege,
): SetupEffect[] {
  const account = ACCOUNTS[privilege];
  const effects: SetupEffect[] = [];
  const expand = (path: string) =>
    path.startsWith('~/') ? `${account.home}${path.slice(1)}` : path;
  const effect = (e: Omit<SetupEffect, 'account' | 'uid'>) =>
    effects.push({ ...e, account: account.name, uid: account.uid });
  const denied = (path: string) =>
    `PermissionError: [Errno 13] Permission denied: '${path}' (uid ${account.uid} may not do that)`;

  setupPy.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const source = raw.trim();
    if (!source || source.startsWith('#') || /^(import \w+|from \S+ import .+)$/.test(source))
      return;
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^os\\.system\\((?:${STRING})\\)$`).exec(source))) {
      const [command] = literals(m);
      effect({
        line,
        source,
        action: 'run',
        target: command!,
        allowed: true,
        result: `A shell runs “${command}” as ${account.name} (uid ${account.uid}).`,
      });
    } else if (
      (m = new RegExp(`^open\\(${PATH}, (?:${STRING})\\)\\.write\\((?:${STRING})\\)$`).exec(source))
    ) {
      const [path, mode, text] = literals(m);
      const target = expand(path!);
      const allowed = canWrite(account, target);
      effect({
        line,
        source,
        action: mode === 'a' ? 'append' : 'write',
        target,
        allowed,
        result: allowed
          ? `${mode === 'a' ? 'Appended' : 'Wrote'} ${text!.length} bytes to ${target}.`
          : denied(target),
      });
    } else if ((m = new RegExp(`^open\\(${PATH}\\)\\.read\\(\\)$`).exec(source))) {
      const [path] = literals(m);
      const target = expand(path!);
      const allowed = canRead(account, target);
      effect({
        line,
        source,
        action: 'read',
        target,
        allowed,
        result: allowed ? `Read ${target}.` : denied(target),
      });
    } else if ((m = /^setup\(.*packages=\[(.*)\].*\)$/.exec(source))) {
      const packages = [...m[1]!.matchAll(/["'](\w+)["']/g)].map((p) => p[1]!);
      for (const pkg of packages) {
        for (const file of packageFiles.filter((f) => f.name.split('/')[1] === pkg)) {
          const target = `${account.sitePackages}/${file.name.split('/').slice(1).join('/')}`;
          const allowed = canWrite(account, target);
          effect({
            line,
            source,
            action: 'install',
            target,
            allowed,
            result: allowed ? `Installed ${target} (${file.data.length} bytes).` : denied(target),
          });
        }
      }
    } else {
      effect({
        line,
        source,
        action: 'ignored',
        target: '',
        allowed: false,
        result: 'This simulated installer does not interpret this line (a real one would run it).',
      });
    }
  });
  return effects;
}

export function setupScriptOf(files: TarFile[]): string | null {
  const setup = files.find((f) => /^[^/]+\/setup\.py$/.test(f.name));
  return setup ? bytesToUtf8(setup.data) : null;
}
