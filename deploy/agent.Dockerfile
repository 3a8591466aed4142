# The T2C agent image: `t2c agent` with TorchSharp's CPU libtorch. Build from the checkout root:
#   docker build -f deploy/agent.Dockerfile -t t2csim/agent:latest .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Sim.Experiments/Sim.Experiments.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
# libgomp for libtorch; iproute2 is not needed inside: links are shaped by the hosts' network.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
EXPOSE 5560
ENTRYPOINT ["/app/t2c"]
CMD ["agent", "--help"]
