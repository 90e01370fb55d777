import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Stop the task before anything is created if the name is taken, a cluster is unknown or the user may not create the service',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'paasport:service:validate',
          name: 'Check name, clusters and permission',
          input: {
            name: '${{ parameters.name }}',
            team: '${{ parameters.owner }}',
            system: '${{ parameters.system }}',
            clusters: '${{ parameters.clusters }}',
            repoUrl:
              '${{ environment.parameters.repoHost }}?owner=${{ environment.parameters.repoOwner }}&repo=${{ parameters.name }}',
          },
        },
      ],
    }),
  },
];
