"""A Marathon user's script, unchanged but for the address: drives Corral
through python3-marathon's public surface and prints one JSON line per step,
which test/e2e/python-marathon.test.ts reads."""
import json
import sys
import threading
import time

from marathon import MarathonClient
from marathon.models import MarathonApp, MarathonGroup, MarathonHealthCheck

client = MarathonClient(sys.argv[1])
if len(sys.argv) > 2:
    client = MarathonClient(sys.argv[1], username='token', password=sys.argv[2])


def out(step, **seen):
    print(json.dumps({'step': step, **seen}), flush=True)


def until(what, check, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    raise SystemExit(f'timed out waiting for {what}')


events = []


def follow():
    for event in client.event_stream():
        events.append(event.event_type)


threading.Thread(target=follow, daemon=True).start()

out('ping', pong=client.ping().decode())
out('info', name=client.get_info().name, elected=client.get_info().elected)
out('leader', leader=client.get_leader()['leader'])

web = MarathonApp(
    cmd='exec python3 -m http.server $PORT0 --bind 127.0.0.1',
    instances=2, cpus=0.1, mem=32,
    health_checks=[MarathonHealthCheck(protocol='HTTP', path='/', grace_period_seconds=30, interval_seconds=1, timeout_seconds=2, max_consecutive_failures=3)],
)
created = client.create_app('/py/web', web)
app = until('2 healthy tasks', lambda: (found := client.get_app('/py/web', embed_tasks=True)).tasks_healthy == 2 and found)
out('created', id=created.id, instances=app.instances, healthy=app.tasks_healthy, ports=[task.ports for task in app.tasks])
listed = client.list_apps(embed_tasks=True)
out('listed', ids=[found.id for found in listed], tasks=sum(len(found.tasks) for found in listed))

client.update_app('/py/web', MarathonApp(mem=48))
app = until('the update to roll out', lambda: (found := client.get_app('/py/web')).mem == 48 and not found.deployments and found.tasks_healthy == 2 and found)
out('updated', mem=app.mem, healthy=app.tasks_healthy)

client.scale_app('/py/web', instances=3)
app = until('3 healthy tasks', lambda: (found := client.get_app('/py/web')).tasks_healthy == 3 and found)
out('scaled', instances=app.instances, healthy=app.tasks_healthy)

before = {task.id for task in client.list_tasks('/py/web')}
client.restart_app('/py/web')
after = until('every task replaced', lambda: (tasks := client.list_tasks('/py/web')) and len(tasks) == 3 and not before & {task.id for task in tasks} and all(task.health_check_results and task.health_check_results[0].alive for task in tasks) and tasks)
out('restarted', replaced=len(after))

victim = after[0]
client.kill_task('/py/web', victim.id, scale=True)
app = until('2 tasks after a kill with scale', lambda: (found := client.get_app('/py/web', embed_tasks=True)).instances == 2 and len(found.tasks) == 2 and found)
out('killed-with-scale', instances=app.instances, killed_gone=victim.id not in [task.id for task in app.tasks])
client.kill_tasks('/py/web')
app = until('replacements after kill_tasks', lambda: (found := client.get_app('/py/web', embed_tasks=True)).tasks_healthy == 2 and not {task.id for task in found.tasks} & {task.id for task in app.tasks} and found)
out('killed-all', instances=app.instances, healthy=app.tasks_healthy)

versions = client.list_versions('/py/web')
first = client.get_version('/py/web', versions[-1])
client.rollback_app('/py/web', versions[-1])
app = until('the rollback', lambda: (found := client.get_app('/py/web')).mem == 32 and found)
out('rolled-back', versions=len(versions), first_mem=first.mem, first_instances=first.instances, mem=app.mem, instances=app.instances)

client.create_app('/py/huge', MarathonApp(cmd='sleep 600', instances=1, cpus=0.1, mem=10_000_000))
deployment = until('the deployment of /py/huge', lambda: [found for found in client.list_deployments() if '/py/huge' in found.affected_apps])[0]
queued = until('/py/huge in the queue', lambda: [item for item in client.list_queue() if item.app.id == '/py/huge'])
out('queued', count=queued[0].count)
client.delete_deployment(deployment.id, force=True)
until('the deployment to stop', lambda: not [found for found in client.list_deployments() if found.id == deployment.id])
out('deployment-stopped', id=deployment.id)

client.create_app('/py/crash', MarathonApp(cmd='exit 1', instances=1, cpus=0.05, mem=16, backoff_seconds=30, backoff_factor=2))
delayed = until('a launch delay', lambda: [item for item in client.list_queue() if item.app.id == '/py/crash' and item.delay.time_left_seconds > 0])
client.reset_delay('/py/crash')
reset = until('the delay reset', lambda: [item for item in client.list_queue() if item.app.id == '/py/crash' and item.delay.time_left_seconds == 0] or not [item for item in client.list_queue() if item.app.id == '/py/crash'])
out('delay-reset', before=delayed[0].delay.time_left_seconds)

client.create_group(MarathonGroup(id='/pygroup', apps=[MarathonApp(id='sleeper', cmd='sleep 600', cpus=0.05, mem=16, instances=1)]))
group = until('the group running', lambda: (found := client.get_group('/pygroup')).apps and found.apps[0].tasks_running == 1 and found)
out('group', apps=[found.id for found in group.apps], groups=[found.id for found in client.list_groups()])
client.scale_group('/pygroup', scale_by=2)
group = until('the group scaled', lambda: (found := client.get_group('/pygroup')).apps[0].instances == 2 and found)
out('group-scaled', instances=group.apps[0].instances)
client.update_group('/pygroup', MarathonGroup(apps=[MarathonApp(id='sleeper', cmd='sleep 601', cpus=0.05, mem=24, instances=2)]))
group = until('the group updated', lambda: (found := client.get_group('/pygroup')).apps[0].mem == 24 and not client.get_app('/pygroup/sleeper').deployments and found)
out('group-updated', mem=group.apps[0].mem, cmd=group.apps[0].cmd, running=client.get_app('/pygroup/sleeper').tasks_running)
client.delete_group('/pygroup')

for app_id in ['/py/web', '/py/huge', '/py/crash']:
    client.delete_app(app_id)
until('every app gone', lambda: not client.list_apps())
until('the stream to see the end', lambda: 'app_terminated_event' in events)
out('events', types=sorted(set(events)))
