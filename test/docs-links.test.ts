import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from './support/files-under';

/**
 * Comments say "see docs/x.md#anchor" instead of carrying the essay: such a link
 * must lead somewhere. Every `docs/<file>.md` and `docs/<file>.md#<anchor>` named in
 * src/, example-app/src/, the README or docs/ (and every link between docs' own
 * files) names a file that exists and an anchor it defines (an `<a id>` or a
 * heading's GitHub slug).
 */

const ROOT = path.join(__dirname, '..');
const LINK = /docs\/([a-z0-9-]+\.md)(?:#([a-z0-9-]+))?/g;

/** The anchors a markdown file defines: explicit `<a id="…">`s and its headings' slugs. */
function anchorsOf(markdown: string): Set<string> {
  const ids = [...markdown.matchAll(/<a id="([^"]+)"/g)].map((match) => match[1] ?? '');
  const headings = [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
    (match[1] ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-'),
  );
  return new Set([...ids, ...headings]);
}

/** Inside docs/, markdown links between its files: `](other.md#anchor)` and `](#anchor)`. */
const SIBLING_LINK = /\]\(([a-z0-9-]+\.md)?(?:#([a-z0-9-]+))?\)/g;

function linksIn(files: string[]): Array<{ from: string; doc: string; anchor?: string }> {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const from = path.relative(ROOT, file);
    const named = [...text.matchAll(LINK)].map((match) => ({ from, doc: match[1] ?? '', ...(match[2] ? { anchor: match[2] } : {}) }));
    if (path.dirname(file) !== path.join(ROOT, 'docs')) return named;
    const siblings = [...text.matchAll(SIBLING_LINK)]
      .filter((match) => match[1] !== undefined || match[2] !== undefined)
      .map((match) => ({ from, doc: match[1] ?? path.basename(file), ...(match[2] ? { anchor: match[2] } : {}) }));
    return [...named, ...siblings];
  });
}

describe('links into docs/', () => {
  test('every docs/ link in the sources, the README and the docs names a file and an anchor that exist', () => {
    // Prepare
    const sources = [
      ...filesUnder(path.join(ROOT, 'src'), ['.ts']),
      ...filesUnder(path.join(ROOT, 'example-app/src'), ['.ts']),
      ...filesUnder(path.join(ROOT, 'docs'), ['.md']),
      path.join(ROOT, 'README.md'),
    ];

    // Act: each doc read once; undefined for a doc that does not exist
    const links = linksIn(sources);
    const anchorsByDoc = new Map<string, Set<string> | undefined>();
    const anchorsIn = (doc: string): Set<string> | undefined => {
      if (!anchorsByDoc.has(doc)) {
        const file = path.join(ROOT, 'docs', doc);
        anchorsByDoc.set(doc, existsSync(file) ? anchorsOf(readFileSync(file, 'utf8')) : undefined);
      }
      return anchorsByDoc.get(doc);
    };
    const broken = links.filter(({ doc, anchor }) => {
      const anchors = anchorsIn(doc);
      return anchors === undefined || (anchor !== undefined && !anchors.has(anchor));
    });

    // Assess
    expect(links.length).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });
});
