// The ref lives in paasport-react so that other Paasport frontend packages
// share this plugin's API instance.
export { marketplaceApiRef } from '@paasport/plugin-paasport-react';
