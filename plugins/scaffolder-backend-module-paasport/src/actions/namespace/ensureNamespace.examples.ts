import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "The owning team's namespace with quota, limits and access on the chosen clusters",
    example: yaml.stringify({
      steps: [
        {
          id: 'namespace',
          action: 'paasport:namespace:ensure',
          name: 'Team namespace',
          input: {
            team: '${{ parameters.owner }}',
            system: '${{ parameters.system }}',
            clusters: '${{ parameters.clusters }}',
          },
        },
      ],
    }),
  },
];
