# The T2C simulator image for sharded sweeps on Kubernetes (`t2c k8s sweep-job`, README "Sweeping on a
# cluster"): t2c with the checkout's scenarios, lookup tables and traces, so a shard runs
# `t2c sweep --scenario scenarios/X.yaml ... --shard i/N` from the working folder /t2csim.
# Build from the checkout root:
#   docker build -f deploy/sim.Dockerfile -t REGISTRY/t2csim-sim:TAG .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Sim.Experiments/Sim.Experiments.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
# A font for the plots (`t2c merge` draws them unless --no-plots); the simulator needs nothing else
# native (libtorch is only loaded by the hardware commands, which this image is not for).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fontconfig && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
# The checkout's data, at the paths the scenarios name relative to themselves (../lookup-tables, ../traces);
# T2CSim.sln marks the folder as the checkout root (ProjectPaths).
WORKDIR /t2csim
COPY T2CSim.sln ./
COPY scenarios ./scenarios
COPY lookup-tables ./lookup-tables
COPY traces ./traces
ENTRYPOINT ["/app/t2c"]
CMD ["sweep", "--help"]
