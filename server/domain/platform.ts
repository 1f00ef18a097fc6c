// The operator of the deployment (platform_user): adds, configures, disables and enables comuni. It is
// never a Viewer (staff of a comune), so no staff rule lets it read a ticket, a reporter or an export.
import { AppError } from './app-error.js';

export interface PlatformViewer {
  platformUserId: number;
  email: string;
}

/** Platform operations: a platform operator's session or JWT, nobody else (staff included). */
export function requirePlatform(
  platform: PlatformViewer | null | undefined,
  staffSignedIn: boolean,
): PlatformViewer {
  if (platform) return platform;
  if (staffSignedIn)
    throw new AppError(
      'FORBIDDEN',
      "Operazione riservata all'operatore della piattaforma, non al personale di un comune.",
    );
  throw new AppError(
    'UNAUTHENTICATED',
    "Accesso riservato all'operatore della piattaforma: effettua il login.",
  );
}
