// Which fields a query selects below a path (e.g. edges.node), so that a resolver computes only the
// expensive measures the client asked for. Follows inline fragments and named fragment spreads.
import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  SelectionSetNode,
} from 'graphql';

function fieldsOf(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  out: FieldNode[],
): FieldNode[] {
  for (const sel of set?.selections ?? []) {
    if (sel.kind === 'Field') out.push(sel);
    else if (sel.kind === 'InlineFragment') fieldsOf(sel.selectionSet, fragments, out);
    else fieldsOf(fragments[sel.name.value]?.selectionSet, fragments, out);
  }
  return out;
}

/** Names of the fields selected at `path` below the current field (path [] = the field's own children). */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let level: FieldNode[] = [...info.fieldNodes];
  for (const name of path) {
    level = level
      .flatMap((node) => fieldsOf(node.selectionSet, info.fragments, []))
      .filter((f) => f.name.value === name);
  }
  return new Set(
    level
      .flatMap((node) => fieldsOf(node.selectionSet, info.fragments, []))
      .map((f) => f.name.value),
  );
}
