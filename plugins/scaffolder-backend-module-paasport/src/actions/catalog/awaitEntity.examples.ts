import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'After catalog:register: the task ends once the registered Component is in the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'catalog:register',
          input: {
            catalogInfoUrl:
              'https://gitea.example.com/paasport/shop-api/src/branch/main/catalog-info.yaml',
          },
        },
        {
          id: 'catalog-ready',
          name: 'Wait for the catalog',
          action: 'paasport:catalog:await',
          input: {
            entityRef: '${{ steps.register.output.entityRef }}',
            catalogInfoUrl: '${{ steps.register.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
];
