import * as assert from 'node:assert/strict';
import { findImports, namesOf, usedImports } from '../../../src/explain/imports';

describe('explain: imports the code uses', () => {
  it('reads the names each import form binds', () => {
    assert.deepEqual(namesOf(`import React, { useState, useEffect as effect } from 'react';`), ['useState', 'effect', 'React']);
    assert.deepEqual(namesOf(`import type { Item } from './item';`), ['Item']);
    assert.deepEqual(namesOf(`import * as path from 'node:path';`), ['path']);
    assert.deepEqual(namesOf(`const { readFile, writeFile: write } = require('fs');`), ['readFile', 'write']);
    assert.deepEqual(namesOf(`from os.path import join, exists as there`), ['join', 'there']);
    assert.deepEqual(namesOf(`import numpy as np`), ['np']);
    assert.deepEqual(namesOf(`import "net/http"`), ['http']);
    assert.deepEqual(namesOf(`import java.util.List;`), ['List']);
    assert.deepEqual(namesOf(`use std::collections::{HashMap, HashSet as Set};`), ['HashMap', 'Set']);
    assert.deepEqual(namesOf(`#include <stdio.h>`), []);
  });

  it('joins multi-line imports and splits Go import groups', () => {
    const found = findImports(`import {\n  a,\n  b,\n} from './ab';\nimport (\n  "fmt"\n  str "strings"\n)\n`);
    assert.deepEqual(found.map((statement) => statement.names), [['a', 'b'], ['fmt'], ['str']]);
  });

  it('keeps only the imports whose names the code mentions', () => {
    const file = `import { a } from './a';\nimport { b } from './b';\nimport c from 'c';\n\nexport const x = a(c);\n`;
    assert.deepEqual(usedImports(file, 'a(c)'), [`import { a } from './a';`, `import c from 'c';`]);
  });
});
