#!/usr/bin/env python3
"""Re-simulate a validation suite's recorded testbed runs with another testbed description.

    python3 docs/tools/resimulate.py DESCRIPTION.yaml SUITE_OUT [REPLICATIONS]

SUITE_OUT is a `t2c validate --suite ... --out SUITE_OUT` folder (validation.csv, SCENARIO/ALGORITHM/rN/hil).
For every run pair its simulated side is run again as the suite runs it: the same scenario, algorithm and
repeat (so the same arrivals), REPLICATIONS draws of the execution (`t2c run --replication K`, default 10,
as `--sim-replications`), the description at the run's recorded host speed (`host_speed`: the compute
factor, fixed cost and spread amounts scaled, as TestbedDescription.AtHostSpeed). The testbed side is the
recorded one: what a description's stage CPU terms change is the simulated side only (the controller's
predictions learn compute from what it observes, ScalingFactors), so the recorded prediction error stands.
With the description the suite ran, it prints the suite's own median and p95 errors (docs/validation.md,
"Round 11"). Run from the repository's root after `dotnet build -c Release`.
"""
import csv, os, subprocess, sys, tempfile

import yaml

T2C = ['dotnet', 'src/Sim.Experiments/bin/Release/net10.0/t2c.dll']


def quantile(xs, p):
    xs = sorted(xs)
    i = p * (len(xs) - 1)
    lo = int(i)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (i - lo)


def requests(path):
    return list(csv.DictReader(open(path)))


def main():
    desc, suite = sys.argv[1], sys.argv[2]
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    rows = [r for r in csv.DictReader(open(os.path.join(suite, 'validation.csv'))) if r['model'] == 'all']
    work = tempfile.mkdtemp(prefix='t2c-resimulate-')
    met = 0
    for r in rows:
        ratio = float(r['host_speed'] or 1)
        d = yaml.safe_load(open(desc))
        d.pop('host_probe_ms', None)
        for t in d['tiers']:
            for k in ('compute_factor', 'stage_ms'):
                if k in t:
                    t[k] *= ratio
            for k in ('stage_spread_ms', 'long_stage_spread_ms'):
                if k in t:
                    t[k] = [v * ratio for v in t[k]]
        name = f"{r['scenario']}-{r['algorithm']}-{r['repeat']}"
        tb = os.path.join(work, name + '.yaml')
        yaml.safe_dump(d, open(tb, 'w'), sort_keys=False)
        out = os.path.join(work, name)
        scenario = os.path.join('scenarios', 'validation', r['scenario'] + '.yaml')
        sim, served, arrived = [], 0, 0
        for k in range(reps):
            subprocess.run(T2C + ['run', '--scenario', scenario, '--algorithm', r['algorithm'], '--repeat', r['repeat'],
                                  '--replication', str(k), '--set', f'testbed={os.path.abspath(tb)}', '--out', out],
                           check=True, capture_output=True)
            rq = requests(os.path.join(out, 'requests.csv'))
            sim += [float(x['latency_s']) for x in rq if x['latency_s']]
            served += sum(1 for x in rq if x['outcome'] == 'served')
            arrived += len(rq)
        hil = requests(os.path.join(suite, r['scenario'], r['algorithm'], 'r' + r['repeat'], 'hil', 'requests.csv'))
        measured = [float(x['latency_s']) for x in hil if x['latency_s']]
        median = quantile(sim, .5) / quantile(measured, .5) - 1
        p95 = quantile(sim, .95) / quantile(measured, .95) - 1
        points = 100 * (served / arrived - sum(1 for x in hil if x['outcome'] == 'served') / len(hil))
        prediction = float(r['prediction_error'])
        ok = abs(median) <= .10 and abs(p95) <= .20 and abs(points) <= 3 and abs(prediction) <= .10
        met += ok
        print('%-28s %-9s r%s  median %+6.1f%% (suite %+6.1f%%)  p95 %+6.1f%% (suite %+6.1f%%)  satisfied %+5.2f pts  prediction %+5.1f%%  %s'
              % (r['scenario'], r['algorithm'], r['repeat'], 100 * median, 100 * float(r['median_error']), 100 * p95,
                 100 * float(r['p95_error']), points, 100 * prediction, 'met' if ok else 'MISSES'), flush=True)
    print(f'{met} of {len(rows)} run pairs meet the goal')


if __name__ == '__main__':
    main()
