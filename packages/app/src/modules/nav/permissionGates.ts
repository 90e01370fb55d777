import { createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';

/*
 * Pages that check a permission themselves answer "ERROR 404" to people
 * without it. These overrides keep such pages, and the nav items and tabs
 * that lead to them, out of the app for those people: an extension's `if`
 * is decided once per sign-in, with the permission framework (a basic
 * permission `name#action`), before the app's pages are built.
 */

/**
 * "Register Existing Component": for people who may open the import page
 * (`catalog.entity.create`, which the page itself requires) and register a
 * location with it (`catalog.location.create`). The Paasport policy allows
 * both to everyone signed in; another policy may not.
 */
export const catalogImportGate = createFrontendModule({
  pluginId: 'catalog-import',
  extensions: [
    catalogImportPlugin.getExtension('page:catalog-import').override({
      if: {
        $all: [
          { permissions: { $contains: 'catalog.entity.create#create' } },
          { permissions: { $contains: 'catalog.location.create#create' } },
        ],
      },
    }),
  ],
});

/**
 * The scaffolder's "Template Editor" tab: for people who may manage
 * templates (`scaffolder.template.management`, the portal admins under the
 * Paasport policy), the permission the editor requires.
 */
export const scaffolderGate = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    scaffolderPlugin.getExtension('sub-page:scaffolder/editor').override({
      if: { permissions: { $contains: 'scaffolder.template.management' } },
    }),
  ],
});
