import {
  bindingStateDisplay,
  InstanceBinding,
  InstanceRequestEvent,
  requestStateDisplay,
} from '@paasport/plugin-marketplace-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { Timestamp } from '../Timestamp';

/** Props of {@link InstanceHistory}. */
export interface InstanceHistoryProps {
  name: string;
  events: InstanceRequestEvent[];
  /** To name the binding a binding event is about. */
  bindings?: InstanceBinding[];
}

/** Newest first; events of one instant in the order they were written. */
function newestFirst(a: InstanceRequestEvent, b: InstanceRequestEvent) {
  if (a.createdAt !== b.createdAt)
    return b.createdAt.localeCompare(a.createdAt);
  return b.id - a.id;
}

/**
 * Every state change of an instance and its bindings, newest first, with who
 * caused it and why: the request's audit trail as the team sees it.
 */
export function InstanceHistory({
  name,
  events,
  bindings = [],
}: InstanceHistoryProps) {
  const bindingNames = new Map(bindings.map(b => [b.id, b.name]));
  const sorted = [...events].sort(newestFirst);
  return (
    <Table size="small" aria-label={`History of ${name}`}>
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell>Change</TableCell>
          <TableCell>By</TableCell>
          <TableCell>Details</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map(event => {
          const display = event.bindingId
            ? bindingStateDisplay
            : requestStateDisplay;
          const subject = event.bindingId
            ? `Binding ${
                bindingNames.get(event.bindingId) ?? event.bindingId
              }: `
            : '';
          const from = event.fromState
            ? `${display(event.fromState).label} → `
            : '';
          return (
            <TableRow key={event.id}>
              <TableCell>
                <Timestamp iso={event.createdAt} />
              </TableCell>
              <TableCell>
                {subject}
                {from}
                {display(event.toState).label}
              </TableCell>
              <TableCell>{event.actor}</TableCell>
              <TableCell>{event.message}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
