namespace SseOrleans.Abstractions;

/// <summary>
/// The cluster-wide view for status pages: front-ends report their connections and subscribed
/// namespaces, silos report how many events were published to each namespace. Both arrive in
/// batches on timers, never per event; front-end entries are leases that expire unless renewed.
/// One activation, keyed <see cref="ClusterDirectory.Key"/>.
/// </summary>
[Alias("sse.IClusterDirectoryGrain")]
public interface IClusterDirectoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// A front-end's state, valid for <paramref name="lease"/>. Returns true when the directory has
    /// no namespace list for that front-end, so the next report must carry one.
    /// </summary>
    [Alias("ReportFrontEnd")]
    Task<bool> ReportFrontEnd(FrontEndReport report, TimeSpan lease);

    /// <summary>Events published to each namespace since the reporting silo's previous report.</summary>
    [Alias("ReportPublished")]
    Task ReportPublished(NamespaceCount[] published);

    /// <summary>The front-ends with a live lease and the busiest <paramref name="limit"/> namespaces.</summary>
    [Alias("GetView")]
    Task<ClusterView> GetView(int limit);
}
