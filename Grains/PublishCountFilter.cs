using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>
/// Counts successful publishes per namespace for the cluster view, without touching the namespace
/// grain: every other grain call passes straight through.
/// </summary>
internal sealed class PublishCountFilter(PublishCounter counter) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is not NamespaceGrain || context.MethodName != nameof(INamespaceGrain.Publish))
        {
            return context.Invoke();
        }

        return CountAsync(context);
    }

    private async Task CountAsync(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        counter.Add(context.TargetId.Key.ToString());
    }
}
