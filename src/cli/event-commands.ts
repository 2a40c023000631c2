import type { Command } from 'commander';
import { EventsDocument, FollowEventsDocument, type EventFieldsFragment } from '../client/index.ts';
import { withClient, withConnection, type ConnectionFlags } from './connection.ts';
import { printTable } from './output.ts';

export function addEventCommand(program: Command): void {
  withConnection(program.command('events').description('the event log: every change, in order'))
    .option('--type <type>', 'only events of this type, such as task.status')
    .option('--subject <id>', 'only events about this app, task, agent or deployment')
    .option('--after <sequence>', 'only events after this sequence number')
    .option('--last <n>', 'the last n events (default 20)', '20')
    .option('-f, --follow', 'then print new events as they happen, until Ctrl-C')
    .action((flags: ConnectionFlags & { type?: string; subject?: string; after?: string; last: string; follow?: boolean }) =>
      withClient(flags, async (client) => {
        const { events } = await client.request(EventsDocument, {
          type: flags.type,
          subject: flags.subject,
          ...(flags.after ? { after: flags.after, first: 1000 } : { last: Number(flags.last) }),
        });
        const past = events.edges.map((edge) => edge.node);
        print(past, flags.json, true);
        if (!flags.follow) return;
        const after = past.at(-1)?.sequence ?? flags.after ?? undefined;
        for await (const { events: event } of client.subscribe(FollowEventsDocument, {
          after,
          types: flags.type ? [flags.type] : undefined,
          subject: flags.subject,
        })) {
          print([event], flags.json, false);
        }
      }),
    );
}

/** JSON is one event per line, so a follower can be read as it streams. */
function print(events: EventFieldsFragment[], json: boolean | undefined, header: boolean): void {
  if (json) {
    for (const event of events) process.stdout.write(`${JSON.stringify(event)}\n`);
    return;
  }
  if (events.length === 0) return;
  const rows = events.map((event) => [event.sequence, event.createdAt, event.type, event.subject, JSON.stringify(event.payload)]);
  if (header) printTable(['SEQUENCE', 'TIME', 'TYPE', 'SUBJECT', 'PAYLOAD'], rows);
  else for (const row of rows) process.stdout.write(`${row.join('  ')}\n`);
}
