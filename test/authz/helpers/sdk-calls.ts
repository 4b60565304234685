import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * The AWS API operations a Lambda's code sends, read from its source: every `new <Operation>Command(`
 * and every `paginate<Operation>(` of the SDK v3 clients. The authorization tests compare it with the
 * calls they simulate, so a new call without a simulated permission fails the suite.
 */
export function sdkOperationsIn(lambdaFolder: string): string[] {
  const operations = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'lambda', lambdaFolder))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new\s+([A-Z]\w*?)Command\s*\(/g)) if (m[1]) operations.add(m[1]);
    for (const m of text.matchAll(/\bpaginate([A-Z]\w*)\s*\(/g)) if (m[1]) operations.add(m[1]);
  }
  return [...operations].sort();
}
