// Each test class runs its own cluster of real processes; on a shared 2-core machine one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
