import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Last step of a template: runs only when an earlier step failed and removes what the task created',
    example: yaml.stringify({
      steps: [
        {
          id: 'undo',
          name: 'Undo on failure',
          if: '${{ failure() }}',
          action: 'paasport:task:undo',
        },
      ],
    }),
  },
];
