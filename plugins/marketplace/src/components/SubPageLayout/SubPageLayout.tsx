import { Content, Header, Page } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { ReactNode } from 'react';
import { rootRouteRef } from '../../routes';

/** Props of {@link SubPageLayout}. */
export interface SubPageLayoutProps {
  title: string;
  subtitle?: ReactNode;
  /** Header actions, e.g. the deprovision button. */
  actions?: ReactNode;
  children: ReactNode;
}

/** A page below the marketplace, with a way back to it in the header. */
export function SubPageLayout(props: SubPageLayoutProps) {
  const root = useRouteRef(rootRouteRef);
  return (
    <Page themeId="tool">
      <Header
        title={props.title}
        subtitle={props.subtitle}
        type="Marketplace"
        typeLink={root()}
      >
        {props.actions}
      </Header>
      <Content>{props.children}</Content>
    </Page>
  );
}
