// The AppHost starts a whole cluster (DCP, Redis, four services, the dashboard): one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
