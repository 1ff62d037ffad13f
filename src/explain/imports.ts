// Picks the import statements of a file whose names a piece of code uses, so the model knows where they come from.

/** One import statement (possibly several lines) and the local names it brings in. */
export interface ImportStatement {
  text: string;
  names: string[];
}

const START = /^\s*(?:import\b|from\s+[\w.]+\s+import\b|export\s+(?:\*|\{[^}]*\})\s+from\b|use\s+[\w:{]|using\s+[\w.]+\s*;|#\s*include\b|require\s|(?:const|let|var)\s+[^=]+=\s*require\s*\()/;

/** Finds import statements in the first lines of a file (imports live at the top; the rest is not scanned). */
export function findImports(text: string, maxLines = 400): ImportStatement[] {
  const lines = text.split(/\r?\n/).slice(0, maxLines);
  const found: ImportStatement[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!START.test(lines[i]!)) continue;
    let statement = lines[i]!;
    // Multi-line forms: `import {\n a,\n b\n} from 'x'`, `from m import (\n a,\n b)`, Go's `import (\n "fmt"\n)`.
    while (i + 1 < lines.length && isOpen(statement)) statement += `\n${lines[++i]!}`;
    if (/^\s*import\s*\($/m.test(statement)) {
      for (const spec of statement.split('\n').slice(1, -1)) {
        if (spec.trim()) found.push({ text: `import ${spec.trim()}`, names: namesOf(`import ${spec.trim()}`) });
      }
      continue;
    }
    found.push({ text: statement.trimEnd(), names: namesOf(statement) });
  }
  return found;
}

function isOpen(statement: string): boolean {
  const count = (ch: string) => statement.split(ch).length - 1;
  return count('{') > count('}') || count('(') > count(')');
}

const IDENT = /[A-Za-z_$][\w$]*/g;

/** The names an import binds locally, by language form; empty when it binds none we can tell (C's #include). */
export function namesOf(statement: string): string[] {
  const text = statement.replace(/\s+/g, ' ').trim();
  let match: RegExpExecArray | null;
  // Python: from m import a, b as c / import a.b as c / import a.b
  if ((match = /^from\s+\S+\s+import\s+\(?(.+?)\)?$/.exec(text))) return aliasList(match[1]!, ' as ');
  if ((match = /^import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)$/.exec(text)) && !text.includes(';')) {
    return match[1]!.split(',').map((part) => {
      const [path, alias] = part.split(/\s+as\s+/);
      return (alias ?? path!.split('.')[0]!).trim();
    });
  }
  // Go: import "net/http" / import h "net/http"
  if ((match = /^import\s+(?:([\w.]+)\s+)?"([^"]+)"$/.exec(text))) return [match[1] ?? match[2]!.split('/').pop()!];
  // Java/Kotlin/Scala/C#: import a.b.C; / using A.B;
  if ((match = /^(?:import(?:\s+static)?|using)\s+([\w.]+?)(?:\.\*)?\s*;?$/.exec(text))) return [match[1]!.split('.').pop()!];
  // Rust: use a::b::{c, d as e}; / use a::b;
  if ((match = /^use\s+(.+?);?$/.exec(text))) {
    const braces = /\{(.+)\}/.exec(match[1]!);
    if (braces) return aliasList(braces[1]!, ' as ').flatMap((name) => name.split('::').slice(-1));
    const alias = /\bas\s+(\w+)$/.exec(match[1]!);
    return [alias ? alias[1]! : match[1]!.split('::').pop()!];
  }
  // CommonJS: const x = require('m') / const { a, b: c } = require('m')
  if ((match = /^(?:const|let|var)\s+(.+?)\s*=\s*require\s*\(/.exec(text))) return destructured(match[1]!);
  // ES modules: import x, { a, b as c } from 'm' / import * as ns from 'm' / import type { T } from 'm'
  if ((match = /^(?:import|export)\s+(?:type\s+)?(.+?)\s+from\s+['"]/.exec(text))) {
    const clause = match[1]!;
    const names: string[] = [];
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces) names.push(...aliasList(braces[1]!.replace(/\btype\s+/g, ''), ' as '));
    const outside = clause.replace(/\{[^}]*\}/, '');
    const ns = /\*\s+as\s+([\w$]+)/.exec(outside);
    if (ns) names.push(ns[1]!);
    else names.push(...(outside.match(IDENT) ?? []));
    return names;
  }
  return [];
}

function aliasList(list: string, separator: string): string[] {
  return list
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.split(separator).pop()!.trim());
}

function destructured(pattern: string): string[] {
  const braces = /^\{(.*)\}$/.exec(pattern.trim());
  if (!braces) return pattern.match(IDENT)?.slice(0, 1) ?? [];
  return aliasList(braces[1]!, ':');
}

/**
 * The imports whose names appear in `code`, in file order. Statements that bind no name we can read
 * (`#include <x>`, `import './side-effect'`) are kept only when the file has few of them: they cost little and
 * often matter (which library a C file uses).
 */
export function usedImports(fileText: string, code: string, maxImports = 12): string[] {
  const words = new Set(code.match(/[A-Za-z_$][\w$]*/g) ?? []);
  const statements = findImports(fileText);
  const nameless = statements.filter((statement) => statement.names.length === 0);
  return statements
    .filter((statement) =>
      statement.names.length === 0 ? nameless.length <= 6 : statement.names.some((name) => words.has(name)),
    )
    .map((statement) => statement.text)
    .slice(0, maxImports);
}
