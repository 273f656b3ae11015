// The sandbox's copy of Gemini's Deep Research flow. Everything the server sends is put on the
// page as text nodes (textContent), never as HTML, so any prompt survives byte for byte.
(() => {
  const api = new URL('api/', document.currentScript.src);
  const pageId = document.body.dataset.pageId;
  const editor = document.querySelector('rich-textarea .ql-editor');
  const toolsButton = document.querySelector('toolbox-drawer button.toolbox-drawer-button');
  const selectedTools = document.querySelector('.selected-tools');
  const sendButton = document.querySelector("button[aria-label='Send message']");
  const conversation = document.querySelector('.conversation');
  let deepResearch = false;
  let researching = false;

  const call = async (path, body) => {
    const options = body === undefined ? {} : {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    };
    const response = await fetch(new URL(path, api), options);
    return response.json();
  };

  const el = (tag, attributes = {}, text) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const parts = (target, list) => {
    for (const part of list) {
      target.append(part.href ? el('a', { href: part.href, target: '_blank' }, part.text)
                              : document.createTextNode(part.text));
    }
    return target;
  };

  toolsButton.addEventListener('click', async () => {
    const open = document.querySelector('.toolbox-drawer-menu');
    if (open) { open.remove(); return; }
    const tools = await call('tools', { pageId, prompt: editor.innerText });
    const menu = el('div', { role: 'menu', class: 'toolbox-drawer-menu' });
    const names = tools.deepResearch ? ['Deep Research', 'Canvas', 'Guided Learning']
                                     : ['Canvas', 'Guided Learning'];
    for (const name of names) {
      const item = el('button', { role: 'menuitemcheckbox', 'aria-checked': 'false',
                                  class: 'toolbox-drawer-item' }, name);
      item.addEventListener('click', () => choose(name, menu));
      menu.append(item);
    }
    toolsButton.after(menu);
  });

  const choose = (name, menu) => {
    menu.remove();
    if (name !== 'Deep Research') return;
    deepResearch = true;
    const chip = el('button', { class: 'toolbox-drawer-item-deselect-button', 'aria-pressed': 'true' },
                    'Deep Research');
    chip.addEventListener('click', () => { deepResearch = false; chip.remove(); });
    selectedTools.replaceChildren(chip);
  };

  // A prompt box that changes while research runs means a second job typed into this tab.
  editor.addEventListener('input', () => {
    if (researching) call('clobber', { pageId });
  });

  sendButton.addEventListener('click', async () => {
    const prompt = editor.innerText;
    conversation.append(el('user-query', { class: 'user-query' }, prompt));
    const answer = await call('prompt', { pageId, prompt, deepResearch });
    if (answer.signin) return showSignIn();
    if (answer.navigate) { window.location.href = answer.navigate; return; }
    if (answer.chat) { conversation.append(el('model-response', {}, answer.chat)); return; }
    researching = true;
    showPlan(answer.researchId, answer.plan);
    if (answer.popup) window.open(answer.popup, '_blank');
  });

  const showSignIn = () => {
    const box = el('div', { class: 'sign-in-required' });
    box.append(el('p', {}, 'Sign in to continue to Gemini'));
    box.append(el('a', { 'aria-label': 'Sign in', class: 'sign-in-button',
                         href: 'https://accounts.google.com/ServiceLogin?continue=https://gemini.google.com/app' },
                  'Sign in'));
    document.querySelector('main').replaceChildren(box);
  };

  const showPlan = (id, plan) => {
    const box = el('div', { class: 'research-plan' });
    box.append(el('h3', {}, plan.title));
    const steps = el('ol');
    for (const step of plan.steps) steps.append(el('li', {}, step));
    box.append(steps);
    const start = el('button', { type: 'button', class: 'confirm-button' }, 'Start research');
    start.addEventListener('click', async () => {
      start.disabled = true;
      await call('research/' + encodeURIComponent(id) + '/start', { pageId });
      follow(id, box);
    });
    box.append(start);
    conversation.append(box);
  };

  const follow = (id, box) => {
    const progress = el('div', { class: 'research-progress', role: 'status' }, 'Researching… 0%');
    box.append(progress);
    const tick = async () => {
      const state = await call('research/' + encodeURIComponent(id) + '?pageId=' + pageId);
      if (state.state === 'running' || state.state === 'planned') {
        progress.textContent = 'Researching… ' + (state.progress || 0) + '%';
        setTimeout(tick, 100);
      } else if (state.state === 'error') {
        researching = false;
        progress.textContent = 'Research stopped';
        conversation.append(el('div', { class: 'error-message', role: 'alert' }, state.message));
      } else {
        researching = false;
        progress.textContent = 'Research complete';
        showReport(state.report);
      }
    };
    tick();
  };

  const showReport = (report) => {
    const panel = el('deep-research-immersive-panel', { 'data-research-state': 'running' });
    const content = el('div', { class: 'markdown' });
    content.append(el('h1', {}, report.title));
    for (const block of report.blocks) {
      if (block.type === 'p') content.append(parts(el('p'), block.parts));
      else if (block.type === 'ul' || block.type === 'ol') {
        const list = el(block.type);
        for (const item of block.items) list.append(parts(el('li'), item));
        content.append(list);
      } else content.append(el(block.type, {}, block.text));
    }
    panel.append(content);
    conversation.append(panel);
    // Only now, with every block on the page, does the panel say the report is finished.
    panel.setAttribute('data-research-state', 'complete');
  };
})();
