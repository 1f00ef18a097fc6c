import { useQuery } from 'urql';
import { CATEGORIES_QUERY, type Category } from '../../api/citizen.operations';
import { COMUNE_BASE } from '../../api/comune-base';

// The comune's categories (public data) are kept on the device as well, so the report form opened
// without network (the service worker's copy of the page) can still be filled (offline drafts).
const KEY = `segnala.categories:${COMUNE_BASE || '/'}`;

function saved(): Category[] {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Category[]) : [];
  } catch {
    return [];
  }
}

let lastSaved = '';

export function useCategories(): Category[] {
  const [{ data, error }] = useQuery<{ categories: Category[] }>({ query: CATEGORIES_QUERY });
  if (data?.categories) {
    const raw = JSON.stringify(data.categories);
    if (raw !== lastSaved) {
      lastSaved = raw;
      try {
        localStorage.setItem(KEY, raw);
      } catch {
        // Storage full or disabled: nothing kept, the form works online.
      }
    }
    return data.categories;
  }
  return error ? saved() : [];
}

export function categoryName(category: { name: string; nameEn: string }, locale: string): string {
  return locale === 'en' ? category.nameEn : category.name;
}
