import { Content, Header, InfoCard, Page } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Link from '@material-ui/core/Link';

/** What a developer can do here, and where it starts. */
const capabilities = [
  {
    title: 'Create a service',
    text: 'Start from a software template: repository, Dockerfile, manifests, pipeline and team namespace in one go.',
    href: '/create',
    cta: 'Open templates',
  },
  {
    title: 'Your applications',
    text: 'Applications are Systems that group services; teams own them and are the tenants of the clusters.',
    href: '/?filters[kind]=system',
    cta: 'Browse applications',
  },
  {
    title: 'Middleware marketplace',
    text: 'Request MySQL, Redis or Kafka for an application and get credentials delivered to its namespace.',
    href: '/marketplace',
    cta: 'See middleware',
  },
  {
    title: 'Operate on every cluster',
    text: 'Releases, logs, metrics and one-click rollback for each service on each cluster, from its catalog page.',
    href: '/?filters[kind]=component',
    cta: 'Browse services',
  },
];

/**
 * Paasport's landing page: the four things a developer comes here to do.
 *
 * @public
 */
export function PaasportHomePage() {
  return (
    <Page themeId="home">
      <Header
        title="Paasport"
        subtitle="Your self-service developer platform"
      />
      <Content>
        <Grid container spacing={3}>
          {capabilities.map(item => (
            <Grid item xs={12} md={6} key={item.title}>
              <InfoCard title={item.title}>
                <Typography paragraph>{item.text}</Typography>
                <Link href={item.href}>{item.cta}</Link>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
