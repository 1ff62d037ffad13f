// How the prompt ends at the cursor, so the model continues as it was trained:
//  - after indentation only (an empty line, as VS Code's auto-indent leaves it): the indentation is trimmed from the
//    prompt, which then ends at the line start, the most natural boundary there is; the model writes the
//    indentation itself, and the answer is re-aligned after the indentation already in the editor. Cheaper than
//    healing (no constrained step), and the prompt is the same whatever indentation the line has.
//  - mid-word or after any other text: the last token is healed (tokenHealing.ts).

/** The cursor line's text before the cursor, when it is only spaces and tabs (and not empty); '' otherwise. */
export function indentationAtCursor(codeBeforeCursor: string): string {
  const line = codeBeforeCursor.slice(codeBeforeCursor.lastIndexOf('\n') + 1);
  return /^[ \t]+$/.test(line) ? line : '';
}

/**
 * The answer as the user sees it, after the indentation the editor already has: the model's own indentation for
 * the line is taken off (all of it when it wrote less, or other whitespace, than the editor has). undefined while
 * the answer is only spaces and tabs so far and `final` is false: what it means is not known yet.
 */
export function alignToIndentation(answer: string, indentation: string, final: boolean): string | undefined {
  const lead = /^[ \t]*/.exec(answer)![0];
  if (lead.length === answer.length && !final) return undefined;
  return answer.startsWith(indentation) ? answer.slice(indentation.length) : answer.slice(lead.length);
}
