#!/usr/bin/env bash
# The sensitivity study of docs/reproduction.md ("Sensitivity of the headline results"): each
# condition varied alone on the planning (80x, 160x) and operation (80x) settings, 5 repeats, then
# the figures: throughput over NEU's (paired by seed) and T2C_MHER's satisfied ratio minus T2C_MHE's,
# against the condition, 95% CI bars; each figure's numbers in the .csv beside it. A ratio is the
# mean over repeats of served(ALG) / served(NEU) in the same repeat; where NEU serves nothing in some
# repeat the ratio is undefined and the point is left out (the plain throughput figures show it).
# Usage, from the checkout root: bash scenarios/sensitivity/run.sh [RESULTS_DIR] (default results/sensitivity).
# The machine is shared: at most 2 runs at once (T2C_PARALLEL to change it).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-results/sensitivity}
parallel=${T2C_PARALLEL:-2}
t2c=${T2C:-src/Sim.Experiments/bin/Release/net10.0/t2c}
[ -x "$t2c" ] || dotnet build -c Release src/Sim.Experiments >/dev/null

# condition name | --vary argument (a --set path and its values; the repository's default is among them)
conditions=(
  "deployment-time|controller.deployment_time_s=2,5,10,20,30"
  "latency-requirements|workload.latency_s={distribution: uniform, low: 0.04, high: 0.15},{distribution: uniform, low: 0.2, high: 0.3}"
  "device-speed|topology.tiers.device.speed=0.25,0.5,1,2"
  "cloud-slots|topology.tiers.cloud.slots=1,3,7,14"
  "sensor-link|topology.shared_sensor_link=false,true"
  "aggregation-period|controller.aggregation_period_s=5,10,20,40"
  "request-timeout|controller.queue_timeout_s=0,1,5,30"
)

for entry in "${conditions[@]}"; do
  name=${entry%%|*}
  vary=${entry#*|}
  field=${vary%%=*}
  # With its plots: each algorithm's own throughput and satisfied ratio against the condition.
  "$t2c" sweep --scenario scenarios/sensitivity/planning.yaml --vary "$vary" --parallel "$parallel" --out "$out/planning-$name" | tail -1
  "$t2c" plot "$out/planning-$name" --x "$field" --metrics throughput --relative-to NEU
  "$t2c" sweep --scenario scenarios/sensitivity/operation.yaml --vary "$vary" --parallel "$parallel" --no-plots --out "$out/operation-$name" | tail -1
  "$t2c" plot "$out/operation-$name" --x "$field" --metrics satisfied_ratio,throughput --relative-to T2C_MHE --difference
done

# The thesis-like conditions together (the slides' latency requirements, one shared sensor link, slow
# deployment): a grid of three fields on the planning phase's own sweep (6 algorithms x 5 multipliers
# x 5 repeats, 1,200 runs), and on the heavy and operation settings above.
combined=(
  --vary "workload.latency_s={distribution: uniform, low: 0.04, high: 0.15},{distribution: uniform, low: 0.2, high: 0.3}"
  --vary "topology.shared_sensor_link=false,true"
  --vary "controller.deployment_time_s=2,20"
)
"$t2c" sweep --scenario scenarios/thesis-planning.yaml "${combined[@]}" --parallel "$parallel" --no-plots --out "$out/thesis-planning-combined" | tail -1
"$t2c" plot "$out/thesis-planning-combined" --x multiplier --metrics throughput --relative-to NEU
"$t2c" sweep --scenario scenarios/sensitivity/planning.yaml "${combined[@]}" --parallel "$parallel" --no-plots --out "$out/planning-combined" | tail -1
"$t2c" plot "$out/planning-combined" --x controller.deployment_time_s --metrics throughput --relative-to NEU
"$t2c" sweep --scenario scenarios/sensitivity/operation.yaml "${combined[@]}" --parallel "$parallel" --no-plots --out "$out/operation-combined" | tail -1
"$t2c" plot "$out/operation-combined" --x controller.deployment_time_s --metrics satisfied_ratio --relative-to T2C_MHE --difference

# The figures docs/reproduction.md shows, copied to docs/figures/sensitivity (SVG).
figures=docs/figures/sensitivity
mkdir -p "$figures"
for entry in "${conditions[@]}"; do
  name=${entry%%|*}
  for m in 80 160; do
    chart=throughput_over_NEU
    [ "$name" = sensor-link ] && chart=throughput   # NEU serves nothing with a shared link: no ratio to draw
    cp "$out/planning-$name"/plots/by_*/"${chart}__multiplier-$m.svg" "$figures/planning-$name-${m}x.svg"
  done
  cp "$out/operation-$name"/plots/by_*/satisfied_ratio_minus_T2C_MHE__multiplier-80.svg "$figures/operation-$name.svg"
done
slides=latency_s-distribution_uniform_low_0.2_high_0.3
for shared in false true; do
  cp "$out/thesis-planning-combined/plots/by_multiplier/throughput_over_NEU__${slides}__shared_sensor_link-${shared}__deployment_time_s-2.svg" \
     "$figures/combined-planning-slides-latency-shared-$shared.svg"
done
cp "$out/planning-combined/plots/by_controller.deployment_time_s/throughput_over_NEU__${slides}__shared_sensor_link-true__multiplier-160.svg" \
   "$figures/combined-heavy-slides-latency-shared-true-160x.svg"
cp "$out/operation-combined/plots/by_controller.deployment_time_s/satisfied_ratio_minus_T2C_MHE__latency_s-distribution_uniform_low_0.04_high_0.15__shared_sensor_link-true__multiplier-80.svg" \
   "$figures/combined-operation-shared-true.svg"
echo "figures in $figures"
