import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Apply the rendered manifests in ./k8s to the team namespace on every chosen cluster',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'paasport:kubernetes:apply',
          name: 'Deploy',
          input: {
            team: '${{ parameters.owner }}',
            system: '${{ parameters.system }}',
            clusters: '${{ parameters.clusters }}',
            manifestPath: 'k8s',
          },
        },
      ],
    }),
  },
];
