import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to Paasport

Your self-service developer platform on Kubernetes.

- **Create a service** from a [software template](/create).
- **Browse applications**, the services they group and the teams that own them in the [catalog](/).
- **Request middleware** (MySQL, Redis, Kafka) for an application.
- **Operate** each service on every cluster from its catalog page: releases, logs, metrics and rollback.

See the [Paasport overview](/paasport) for where each of these starts.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'What Paasport does and where each thing starts',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
