#!/usr/bin/env python3
"""Results beside a computing worker against results after an idle stage, from testbed hop records.

    python3 docs/tools/beside_io.py DESCRIPTION.yaml HOPS.csv [HOPS.csv ...]

HOPS.csv are a validation suite's or a HIL run's `hops.csv` (each with its `began` rows). A result of tier
k is *beside* when tier k's worker took the next stage within 0.5 ms of its stage's end (a job was
waiting: StageIdle.FollowedAtOnce), else *alone*. For each tier: both groups' count, median and mean of
the result's return (stage end to handled on the controller, the `total` row), and the beside returns in
the tier's quota periods (`quota_period_ms` of DESCRIPTION) as a histogram in half periods, then the
pooled quantiles at 0, 25, 50, 75, 100 % (what `t2c calibrate` fits as `beside_io_periods` for a tier
with fewer than 20 of its own; a tier with 20 gets its own: docs/validation.md, "Round 13", "Round 14"). Also for each tier, the frames whose expected arrival (sent + the link's
median wire when the worker was idle) fell while the worker computed: their wire beyond that median, in
periods. Run from the repository's root.
"""
import collections, csv, statistics, sys

import yaml

from resimulate import quantile


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    d = yaml.safe_load(open(sys.argv[1]))
    periods = {f'tier{k}': t['quota_period_ms'] for k, t in enumerate(d['tiers']) if t.get('quota_period_ms')}
    beside, alone, pooled = collections.defaultdict(list), collections.defaultdict(list), []
    late = collections.defaultdict(list)
    for f in sys.argv[2:]:
        jobs = collections.defaultdict(dict)
        for r in csv.DictReader(open(f)):
            if r['seconds']:
                jobs[int(r['job'])][(r['hop'], r['what'])] = float(r['seconds'])
        for tier, period in periods.items():
            k = int(tier[4:])
            stages = sorted((x[(tier, 'began')], j, x[(tier, 'began')] + x[(tier, 'compute')])
                            for j, x in jobs.items() if (tier, 'began') in x and (tier, 'compute') in x)
            for n, (_, j, end) in enumerate(stages):
                ret = jobs[j].get((f'result@{tier}', 'total'))
                if ret is None:
                    continue
                if n + 1 < len(stages) and stages[n + 1][0] - end < 0.0005:
                    beside[tier].append(1000 * ret)
                    pooled.append(1000 * ret / period)
                else:
                    alone[tier].append(1000 * ret)
            # Frames: the wire when the worker was idle at the frame's arrival sets the link's own time.
            link = f'link{k}'
            arrivals = [(x[(tier, 'began')] - x[(tier, 'queue')], x[(link, 'wire')]) for x in jobs.values()
                        if (tier, 'began') in x and (tier, 'queue') in x and (link, 'wire') in x]
            computing = lambda t: any(b <= t < e for b, _, e in stages)
            idle_wires = [w for a, w in arrivals if not computing(a)]
            if not idle_wires:
                continue
            base = statistics.median(idle_wires)
            late[tier] += [1000 * (w - base) / period for a, w in arrivals if computing(a - w + base)]
    for tier in periods:
        if not beside[tier] and not alone[tier]:
            continue
        b, a = beside[tier], alone[tier]
        print(f'{tier} (period {periods[tier]} ms): beside n={len(b)}'
              + (f' median {statistics.median(b):.2f} mean {statistics.mean(b):.2f} ms' if b else '')
              + f'; alone n={len(a)}' + (f' median {statistics.median(a):.2f} mean {statistics.mean(a):.2f} ms' if a else ''))
        if b:
            hist = collections.Counter(round(2 * x / periods[tier]) / 2 for x in b)
            print('  beside, in periods (to the half):', ', '.join(f'{p:g}: {c}' for p, c in sorted(hist.items())))
        if late[tier]:
            print(f'  frames arriving while the worker computed: n={len(late[tier])}, wire beyond the idle median '
                  f'{quantile(late[tier], .5):.2f} periods (median), {statistics.mean(late[tier]):.2f} (mean)')
    if pooled:
        print(f'pooled beside returns, periods (n={len(pooled)}): '
              + ', '.join(f'{int(100 * p)}%: {quantile(pooled, p):.2f}' for p in (0, .25, .5, .75, 1)))


if __name__ == '__main__':
    main()
