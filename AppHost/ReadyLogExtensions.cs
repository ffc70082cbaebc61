namespace SseOrleans.AppHost;

public static class ReadyLogExtensions
{
    /// <summary>
    /// Logs once, when the first of the front-ends' <paramref name="replicas"/> is ready, the address of
    /// Aspire's proxy in front of them and how to try it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> LogAddressWhenReady(this IResourceBuilder<ProjectResource> frontEnds, int replicas)
    {
        ArgumentNullException.ThrowIfNull(frontEnds);
        var logged = 0;
        return frontEnds.OnResourceReady((_, ready, _) =>
        {
            if (Interlocked.Exchange(ref logged, 1) == 0)
            {
                Log.FrontEndsReady(Log.Logger(ready.Services), replicas, frontEnds.GetEndpoint("http").Url);
            }

            return Task.CompletedTask;
        });
    }
}
