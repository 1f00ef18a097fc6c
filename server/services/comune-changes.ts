// A process-wide count of changes to the municipality rows made by this process (a platform operator
// adding, renaming, disabling a comune): the registry re-reads the rows at its next request when the
// count moved, instead of waiting for its 30 s refresh. Other processes still see it within 30 s.
let generation = 0;

export function comuniGeneration(): number {
  return generation;
}

export function comuniChanged(): void {
  generation++;
}
