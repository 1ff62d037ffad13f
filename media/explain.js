// Pipit's explain panel. Builds the answer from the parsed Markdown tree the extension sends (see
// src/explain/markdownTree.ts): every element is created by name from a fixed list and every piece of model text goes
// in as a text node, so nothing the model writes is ever parsed as HTML here.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const subject = byId('subject');
  const conversation = byId('conversation');
  const stopButton = /** @type {HTMLButtonElement} */ (byId('stop'));
  const copyButton = /** @type {HTMLButtonElement} */ (byId('copy'));
  const againButton = /** @type {HTMLButtonElement} */ (byId('again'));
  const askButton = /** @type {HTMLButtonElement} */ (byId('ask'));
  const form = /** @type {HTMLFormElement} */ (byId('ask-form'));
  const question = /** @type {HTMLTextAreaElement} */ (byId('question'));

  const TOKEN_KINDS = new Set(['comment', 'string', 'number', 'keyword', 'function', 'type']);
  /** @type {Map<number, {root: HTMLElement, body: HTMLElement, foot: HTMLElement}>} */
  const turns = new Map();
  let busy = false;
  let hasTarget = false;
  let lastAnswered = -1;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function safeHref(raw) {
    if (typeof raw !== 'string' || !/^https?:\/\//i.test(raw)) return undefined;
    try {
      const url = new URL(raw);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  }

  function appendInline(parent, nodes) {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes) {
      if (!node || typeof node !== 'object') continue;
      switch (node.type) {
        case 'text':
          parent.appendChild(document.createTextNode(String(node.text)));
          break;
        case 'code':
          parent.appendChild(el('code', '', node.text));
          break;
        case 'strong':
        case 'em': {
          const child = el(node.type);
          appendInline(child, node.children);
          parent.appendChild(child);
          break;
        }
        case 'break':
          parent.appendChild(el('br'));
          break;
        case 'link': {
          const href = safeHref(node.href);
          const link = el(href ? 'a' : 'span');
          if (href) {
            link.setAttribute('href', href);
            link.setAttribute('title', href);
          }
          appendInline(link, node.children);
          parent.appendChild(link);
          break;
        }
      }
    }
  }

  function appendBlocks(parent, blocks) {
    if (!Array.isArray(blocks)) return;
    for (const block of blocks) {
      if (!block || typeof block !== 'object') continue;
      switch (block.type) {
        case 'heading': {
          const level = Math.min(6, Math.max(1, Number(block.level) | 0));
          const heading = el(`h${level}`);
          appendInline(heading, block.children);
          parent.appendChild(heading);
          break;
        }
        case 'paragraph': {
          const paragraph = el('p');
          appendInline(paragraph, block.children);
          parent.appendChild(paragraph);
          break;
        }
        case 'rule':
          parent.appendChild(el('hr'));
          break;
        case 'quote': {
          const quote = el('blockquote');
          appendBlocks(quote, block.children);
          parent.appendChild(quote);
          break;
        }
        case 'code': {
          const pre = el('pre', block.closed ? '' : 'streaming');
          const language = String(block.language || '').replace(/[^\w+#.-]/g, '');
          const code = el('code', language ? `language-${language}` : '');
          for (const token of Array.isArray(block.tokens) ? block.tokens : []) {
            const kind = token && TOKEN_KINDS.has(token.kind) ? token.kind : undefined;
            code.appendChild(kind ? el('span', `tok-${kind}`, token.text) : document.createTextNode(String(token && token.text)));
          }
          pre.appendChild(code);
          parent.appendChild(pre);
          break;
        }
        case 'list': {
          const list = el(block.ordered ? 'ol' : 'ul');
          const start = Number(block.start) | 0;
          if (block.ordered && start !== 1) list.setAttribute('start', String(start));
          for (const item of Array.isArray(block.items) ? block.items : []) {
            const li = el('li');
            appendBlocks(li, item);
            list.appendChild(li);
          }
          parent.appendChild(list);
          break;
        }
        case 'table': {
          const table = el('table');
          const align = Array.isArray(block.align) ? block.align : [];
          const cellClass = (i) => (['left', 'center', 'right'].includes(align[i]) ? `align-${align[i]}` : '');
          const headRow = el('tr');
          (Array.isArray(block.head) ? block.head : []).forEach((cell, i) => {
            const th = el('th', cellClass(i));
            appendInline(th, cell);
            headRow.appendChild(th);
          });
          table.appendChild(el('thead')).appendChild(headRow);
          const body = table.appendChild(el('tbody'));
          for (const row of Array.isArray(block.rows) ? block.rows : []) {
            const tr = body.appendChild(el('tr'));
            (Array.isArray(row) ? row : []).forEach((cell, i) => appendInline(tr.appendChild(el('td', cellClass(i))), cell));
          }
          const wrapper = el('div', 'table-wrapper');
          wrapper.appendChild(table);
          parent.appendChild(wrapper);
          break;
        }
      }
    }
  }

  function setBusy(value) {
    busy = value;
    stopButton.disabled = !busy;
    againButton.disabled = busy || !hasTarget;
    askButton.disabled = busy || !hasTarget || question.value.trim() === '';
    copyButton.disabled = lastAnswered < 0;
    document.body.classList.toggle('busy', busy);
  }

  function nearBottom() {
    const scroller = document.scrollingElement || document.documentElement;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  function keepScrolled(wasNearBottom) {
    if (wasNearBottom) window.scrollTo(0, document.body.scrollHeight);
  }

  function showNotices(parent, notices) {
    for (const notice of Array.isArray(notices) ? notices : []) parent.appendChild(el('p', 'notice', notice));
  }

  function formatMs(ms) {
    const value = Number(ms);
    if (!Number.isFinite(value)) return '?';
    return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
  }

  function turnFor(index) {
    return turns.get(Number(index));
  }

  function onMessage(message) {
    if (!message || typeof message !== 'object') return;
    const wasNearBottom = nearBottom();
    switch (message.type) {
      case 'reset': {
        conversation.replaceChildren();
        turns.clear();
        lastAnswered = -1;
        hasTarget = true;
        subject.textContent = String(message.subject || '');
        document.title = String(message.title || 'Pipit: Explain');
        showNotices(conversation, message.notices);
        setBusy(false);
        break;
      }
      case 'turnStart': {
        const root = el('section', 'turn');
        if (typeof message.question === 'string') root.appendChild(el('p', 'question', message.question));
        const notices = el('div', 'notices');
        showNotices(notices, message.notices);
        const body = el('div', 'answer');
        body.appendChild(el('p', 'thinking', 'Thinking…'));
        const foot = el('div', 'stats');
        root.append(notices, body, foot);
        conversation.appendChild(root);
        turns.set(Number(message.turn), { root, body, foot });
        setBusy(true);
        break;
      }
      case 'turnUpdate': {
        const turn = turnFor(message.turn);
        if (!turn) break;
        turn.body.replaceChildren();
        appendBlocks(turn.body, message.blocks);
        break;
      }
      case 'turnEnd': {
        const turn = turnFor(message.turn);
        if (!turn) break;
        turn.body.replaceChildren();
        appendBlocks(turn.body, message.blocks);
        const stats = message.stats || {};
        const mode = stats.mode === 'completion-style' ? 'base model (completion-style)' : 'chat template';
        turn.foot.textContent =
          `${stats.model || 'model'} · ${mode} · first token ${formatMs(stats.timeToFirstTokenMs)} · total ${formatMs(stats.totalMs)}` +
          (stats.stopReason && stats.stopReason !== 'eos' && stats.stopReason !== 'stopSequence' ? ` · ${stats.stopReason}` : '');
        showNotices(turn.root.querySelector('.notices'), message.notices);
        lastAnswered = Number(message.turn);
        setBusy(false);
        break;
      }
      case 'turnError': {
        const turn = turnFor(message.turn);
        if (!turn) break;
        turn.body.querySelector('.thinking')?.remove();
        turn.body.appendChild(el('p', 'error', message.message));
        setBusy(false);
        break;
      }
    }
    keepScrolled(wasNearBottom);
  }

  window.addEventListener('message', (event) => onMessage(event.data));

  // Links never navigate the panel: the extension opens http(s) links in the browser, after VS Code asks the user.
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('a') : null;
    if (!target) return;
    event.preventDefault();
    const href = safeHref(target.getAttribute('href'));
    if (href) vscode.postMessage({ type: 'openLink', url: href });
  });

  stopButton.addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
  copyButton.addEventListener('click', () => {
    if (lastAnswered >= 0) vscode.postMessage({ type: 'copy', turn: lastAnswered });
  });
  againButton.addEventListener('click', () => vscode.postMessage({ type: 'explainAgain' }));
  question.addEventListener('input', () => setBusy(busy));
  question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && busy) vscode.postMessage({ type: 'stop' });
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = question.value.trim();
    if (!text || busy || !hasTarget) return;
    vscode.postMessage({ type: 'ask', question: text });
    question.value = '';
    setBusy(busy);
  });

  setBusy(false);
  vscode.postMessage({ type: 'ready' });
})();
