import { AuditorService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { TaskUndoer } from '../../ledger/TaskUndoer';
import { audited } from '@paasport/plugin-paasport-node';
import { examples } from './undoTask.examples';

/**
 * `paasport:task:undo`: removes what this task created, newest first. Meant
 * for a last step with `if: ${{ failure() }}`, which the scaffolder runs only
 * after an earlier step failed.
 *
 * @public
 */
export function createUndoTaskAction(deps: {
  undoer: TaskUndoer;
  auditor: AuditorService;
}) {
  return createTemplateAction({
    id: 'paasport:task:undo',
    description:
      'Removes the repository, webhook, pipeline and namespace objects this task created (use with if: ${{ failure() }})',
    examples,
    supportsDryRun: true,
    schema: {
      input: {},
      output: {
        removed: z => z.array(z.string()),
        failed: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      if (ctx.isDryRun) {
        // A dry run records nothing, so there is nothing to undo.
        ctx.logger.info('Dry run: nothing was created, nothing to undo');
        ctx.output('removed', []);
        ctx.output('failed', []);
        return;
      }
      const report = await audited(
        { auditor: deps.auditor, logger: ctx.logger },
        {
          eventId: 'task-undo',
          severityLevel: 'medium',
          meta: { taskId: ctx.task.id, actor: ctx.user?.ref ?? null },
        },
        () => deps.undoer.undo(ctx.task.id, line => ctx.logger.info(line)),
      );
      ctx.output('removed', report.removed);
      ctx.output('failed', report.failed);
      if (report.failed.length) {
        // Fail the step so the leftovers show in the task's status, not
        // only in its log.
        throw new Error(`Undo could not remove: ${report.failed.join('; ')}`);
      }
    },
  });
}
