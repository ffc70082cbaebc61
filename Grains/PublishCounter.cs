using System.Runtime.InteropServices;
using SseOrleans.Abstractions;

namespace SseOrleans.Grains;

/// <summary>Events published to each namespace on this silo since the last <see cref="Drain"/>.</summary>
internal sealed class PublishCounter
{
    private readonly Lock _gate = new();
    private Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string path)
    {
        lock (_gate)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_counts, path, out _)++;
        }
    }

    public NamespaceCount[] Drain()
    {
        Dictionary<string, long> counts;
        lock (_gate)
        {
            if (_counts.Count == 0)
            {
                return [];
            }

            counts = _counts;
            _counts = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        var result = new NamespaceCount[counts.Count];
        var i = 0;
        foreach (var (path, count) in counts)
        {
            result[i++] = new NamespaceCount(path, count);
        }

        return result;
    }
}
