/**
 * Every name the package publishes carries TSDoc with an `@example`, so a new export
 * without one fails here rather than in a user's editor tooltip.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { filesUnder } from './support/files-under';

const ROOT = path.join(__dirname, '..');
const ENTRIES = ['src/index.ts', 'src/testing/index.ts', 'src/stores.ts', 'src/cdk/index.ts'];

interface PublishedSymbol {
  entry: string;
  name: string;
  hasExample: boolean;
}

/** The exports of every entry point, resolved through re-exports to their declarations; third-party re-exports (tsyringe's) are theirs to document. */
function publishedSymbols(): PublishedSymbol[] {
  const files = ENTRIES.map((entry) => path.join(ROOT, entry));
  const program = ts.createProgram(files, {
    experimentalDecorators: true,
    target: ts.ScriptTarget.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  return ENTRIES.flatMap((entry, index) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(files[index] as string) as ts.SourceFile);
    if (module === undefined) throw new Error(`${entry} is not a module`);
    return checker.getExportsOfModule(module).flatMap((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.declarations ?? [];
      if (declarations.some((declaration) => declaration.getSourceFile().fileName.includes('node_modules'))) return [];
      const hasExample = symbol.getJsDocTags(checker).some((tag) => tag.name === 'example');
      return [{ entry, name: exported.name, hasExample }];
    });
  });
}

describe('the public API documentation', () => {
  const symbols = publishedSymbols();

  it('checks the exports of every entry point', () => {
    // Prepare / Act: the symbols read once above.
    const names = symbols.map((symbol) => `${symbol.entry}:${symbol.name}`);

    // Assess: one known export of each entry point is among them.
    expect(names).toEqual(
      expect.arrayContaining([
        'src/index.ts:bootstrap',
        'src/testing/index.ts:createTestHarness',
        'src/stores.ts:GrantStore',
        'src/cdk/index.ts:AponoIntegrationFunction',
      ]),
    );
  });

  it('gives every exported name a TSDoc @example', () => {
    // Prepare / Act
    const undocumented = symbols.filter((symbol) => !symbol.hasExample).map((symbol) => `${symbol.entry}: ${symbol.name}`);

    // Assess
    expect(undocumented).toEqual([]);
  });
});

/** The block tags the sources use; any other "tag" is a decorator an example put at a line start. */
const KNOWN_TAGS = new Set(['example', 'param', 'returns', 'throws', 'typeParam', 'see', 'deprecated', 'default', 'defaultValue', 'remarks']);

/** Every block tag of every TSDoc comment under src/, as the compiler (and so an editor's hover) reads it. */
function tagsUnderSrc(): Array<{ file: string; tag: string }> {
  return filesUnder(path.join(ROOT, 'src'), ['.ts']).flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const found: Array<{ file: string; tag: string }> = [];
    const visit = (node: ts.Node): void => {
      for (const doc of ts.getJSDocCommentsAndTags(node)) {
        if (ts.isJSDoc(doc)) for (const tag of doc.tags ?? []) found.push({ file: path.relative(ROOT, file), tag: tag.tagName.text });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  });
}

describe('TSDoc as an editor shows it', () => {
  it('no example is cut short by a decorator the compiler reads as a tag (a line-start or spaced @ outside backticks)', () => {
    // Act
    const tags = tagsUnderSrc();
    const misread = tags.filter(({ tag }) => !KNOWN_TAGS.has(tag)).map(({ file, tag }) => `${file}: @${tag}`);

    // Assess
    expect(tags.length).toBeGreaterThan(100);
    expect(misread).toEqual([]);
  });
});
