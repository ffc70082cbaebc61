namespace SseOrleans.Abstractions;

/// <summary>
/// Makes namespace grain references from ids resolved once. Orleans' <c>GetGrain&lt;T&gt;(string)</c> looks
/// the interface's grain type up through reflection on every call, a cost every publish paid (see
/// BENCHMARKS.md); the grain type and interface type never change within a process.
/// </summary>
internal static class NamespaceGrainReference
{
    private static Ids? _ids;

    /// <summary>The grain of <paramref name="path"/>, which must be normalized.</summary>
    public static INamespaceGrain For(IGrainFactory grains, string path)
    {
        if (_ids is { } ids)
        {
            return (INamespaceGrain)grains.GetGrain(GrainId.Create(ids.Type, IdSpan.Create(path)), ids.Interface);
        }

        var grain = grains.GetGrain<INamespaceGrain>(path);
        if (grain is GrainReference reference)
        {
            _ids = new Ids(reference.GrainId.Type, reference.InterfaceType);
        }

        return grain;
    }

    private sealed record Ids(GrainType Type, GrainInterfaceType Interface);
}
