import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Install the Tekton pipeline in ./.tekton on the first chosen cluster and trigger it on pushes',
    example: yaml.stringify({
      steps: [
        {
          id: 'pipeline',
          action: 'paasport:tekton:pipeline',
          name: 'CI/CD pipeline',
          input: {
            team: '${{ parameters.owner }}',
            system: '${{ parameters.system }}',
            cluster: '${{ parameters.clusters[0] }}',
            repoUrl:
              '${{ environment.parameters.repoHost }}?owner=${{ environment.parameters.repoOwner }}&repo=${{ parameters.name }}',
          },
        },
      ],
    }),
  },
];
