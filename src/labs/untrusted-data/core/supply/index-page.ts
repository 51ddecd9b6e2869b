/**
 * The index page (PEP 503 "simple" HTML: one link per file, with the file's hash in the URL
 * fragment) and the lock file (pip's --require-hashes format), written and parsed for real.
 */
import { fail, ok, type Result } from '../../../../core/result';

export type HashName = 'md5' | 'sha256';

export interface IndexLink {
  href: string;
  /** Everything before '#'. */
  url: string;
  filename: string;
  hash: { name: HashName; hex: string } | null;
}

export function indexPage(
  project: string,
  links: { url: string; hash: IndexLink['hash'] }[],
): string {
  const anchors = links
    .map(({ url, hash }) => {
      const filename = url.slice(url.lastIndexOf('/') + 1);
      return `    <a href="${url}${hash ? `#${hash.name}=${hash.hex}` : ''}">${filename}</a><br/>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html>
  <head><title>Links for ${project}</title></head>
  <body>
    <h1>Links for ${project}</h1>
${anchors}
  </body>
</html>
`;
}

/** Finds the link to `filename` on an index page, with its hash fragment if it has one. */
export function findLink(html: string, filename: string): Result<IndexLink> {
  for (const match of html.matchAll(/<a\s+href="([^"]*)"\s*>([^<]*)<\/a>/g)) {
    if (match[2] !== filename) continue;
    const href = match[1]!;
    const [url, fragment] = href.split('#', 2) as [string, string | undefined];
    const hash = /^(md5|sha256)=([0-9a-f]+)$/.exec(fragment ?? '');
    return ok({
      href,
      url,
      filename,
      hash: hash ? { name: hash[1] as HashName, hex: hash[2]! } : null,
    });
  }
  return fail('index/no-link', `The index page has no link to ${filename}.`);
}

export function lockFile(project: string, version: string, sha256Hex: string): string {
  return `# Made with pip-compile --generate-hashes, and checked in before any install.\n${project}==${version} \\\n    --hash=sha256:${sha256Hex}\n`;
}

/** The pinned SHA-256 hashes for a project, as pip --require-hashes reads them. */
export function pinnedHashes(
  lock: string,
  project: string,
): Result<{ version: string; hashes: string[] }> {
  const joined = lock.replace(/\\\n\s*/g, ' ');
  for (const line of joined.split('\n')) {
    const match = new RegExp(`^${project}==(\\S+)((?:\\s+--hash=sha256:[0-9a-f]{64})+)\\s*$`).exec(
      line.trim(),
    );
    if (match)
      return ok({
        version: match[1]!,
        hashes: [...match[2]!.matchAll(/sha256:([0-9a-f]{64})/g)].map((m) => m[1]!),
      });
  }
  return fail('lock/missing', `The lock file pins no hash for ${project}.`);
}
