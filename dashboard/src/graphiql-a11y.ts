// GraphiQL 4 as shipped fails axe (WCAG 2.1 AA) on four points this module repairs in the DOM, since
// its components take no props for them; a MutationObserver applies the repairs again whenever React
// or CodeMirror adds or changes the nodes (a new tab, the response editor, a re-render):
//  - CodeMirror's hidden textareas (what a screen reader and the keyboard type into) have no label:
//    each gets the name of its editor;
//  - a CodeMirror scroll area is scrollable but not focusable: it gets tabindex 0 and a name, so the
//    keyboard can scroll a long query or response;
//  - the operation tabs are an ARIA tablist whose tab (an <li>) holds buttons (select, close): nested
//    interactive controls. They become a plain list of buttons, the active one aria-current;
//  - the colour contrast is fixed in graphiql-a11y.css.

/** The name of the editor a CodeMirror instance belongs to. */
function editorName(editor: Element): string {
  if (editor.closest('.graphiql-query-editor')) return 'Query editor';
  if (editor.closest('.graphiql-response')) return 'Response';
  const tool = editor.closest('.graphiql-editor-tool');
  if (tool) {
    const editors = [...tool.querySelectorAll(':scope > .graphiql-editor')];
    return editors.indexOf(editor.closest('.graphiql-editor') as Element) === 1
      ? 'Headers editor'
      : 'Variables editor';
  }
  return 'Editor';
}

function setIfDifferent(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

function repair(root: HTMLElement): void {
  for (const textarea of root.querySelectorAll('.CodeMirror textarea'))
    setIfDifferent(textarea, 'aria-label', editorName(textarea));
  for (const scroll of root.querySelectorAll('.CodeMirror-scroll')) {
    setIfDifferent(scroll, 'tabindex', '0');
    setIfDifferent(scroll, 'role', 'region');
    setIfDifferent(scroll, 'aria-label', `${editorName(scroll)}: scroll area`);
  }
  for (const list of root.querySelectorAll('.graphiql-tabs[role="tablist"]'))
    list.removeAttribute('role');
  for (const tab of root.querySelectorAll('.graphiql-tab')) {
    tab.removeAttribute('role');
    tab.removeAttribute('aria-selected');
    const button = tab.querySelector('.graphiql-tab-button');
    if (!button) continue;
    if (tab.classList.contains('graphiql-tab-active'))
      setIfDifferent(button, 'aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}

/** Repairs GraphiQL under root now and after every change; returns a function that stops. */
export function keepGraphiQLAccessible(root: HTMLElement): () => void {
  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      repair(root);
    });
  });
  repair(root);
  observer.observe(root, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['role', 'aria-selected', 'class'],
  });
  return () => observer.disconnect();
}
