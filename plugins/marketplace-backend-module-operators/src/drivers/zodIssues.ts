import { z } from 'zod';

/** `path: message; …` for error messages that name the offending field. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map(issue =>
      issue.path.length > 0
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    )
    .join('; ');
}
