import { useQuery } from 'urql';
import { CATEGORIES_QUERY, type Category } from '../../api/citizen.operations';

export function useCategories(): Category[] {
  const [{ data }] = useQuery<{ categories: Category[] }>({ query: CATEGORIES_QUERY });
  return data?.categories ?? [];
}

export function categoryName(category: { name: string; nameEn: string }, locale: string): string {
  return locale === 'en' ? category.nameEn : category.name;
}
