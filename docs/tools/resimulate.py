#!/usr/bin/env python3
"""Re-simulate a validation suite's recorded testbed runs with another testbed description.

    python3 docs/tools/resimulate.py DESCRIPTION.yaml SUITE_OUT [--replications K] [--speeds recorded|host|none]

SUITE_OUT is a `t2c validate --suite ... --out SUITE_OUT` folder (validation.csv, SCENARIO/ALGORITHM/rN/hil).
For every run pair its simulated side is run again as the suite runs it: the same scenario, algorithm and
repeat (so the same arrivals), REPLICATIONS draws of the execution (`t2c run --replication K`, default 10,
as `--sim-replications`), the description at the run's recorded speeds: each tier at its `tier_speeds`
ratio where the suite recorded one (the probes under the tiers' quotas, TestbedDescription.AtTierSpeeds),
else every tier at `host_speed` (the compute factor, fixed cost and spread amounts scaled, as
TestbedDescription.AtHostSpeed); `--speeds host` uses `host_speed` for every tier, `--speeds none` the
description as calibrated. The testbed side is the
recorded one: what a description's stage CPU terms change is the simulated side only (the controller's
predictions learn compute from what it observes, ScalingFactors), so the recorded prediction error stands.
With the description the suite ran, it prints the suite's own median and p95 errors (docs/validation.md,
"Round 11"). Run from the repository's root after `dotnet build -c Release`.
"""
import argparse, csv, os, subprocess, tempfile

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
    args = argparse.ArgumentParser(description='Re-simulate a suite\'s recorded testbed runs with a testbed description.')
    args.add_argument('description')
    args.add_argument('suite')
    args.add_argument('--replications', type=int, default=10)
    args.add_argument('--speeds', choices=['recorded', 'host', 'none'], default='recorded')
    a = args.parse_args()
    desc, suite, reps = a.description, a.suite, a.replications
    rows = [r for r in csv.DictReader(open(os.path.join(suite, 'validation.csv'))) if r['model'] == 'all']
    work = tempfile.mkdtemp(prefix='t2c-resimulate-')
    met = 0
    for r in rows:
        d = yaml.safe_load(open(desc))
        host = float(r['host_speed'] or 1) if a.speeds != 'none' else 1
        tiers = (r.get('tier_speeds') or '').split()
        ratios = [float(x) for x in tiers] if a.speeds == 'recorded' and len(tiers) == len(d['tiers']) else [host] * len(d['tiers'])
        d.pop('host_probe_ms', None)
        d.pop('tier_probe_ms', None)
        for t, ratio in zip(d['tiers'], ratios):
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
