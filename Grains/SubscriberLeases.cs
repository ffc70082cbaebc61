namespace SseOrleans.Grains;

/// <summary>
/// Subscriber counts as front-ends report them. Each report is a lease, so the counts of a front-end
/// that dies without saying so expire on their own.
/// </summary>
internal sealed class SubscriberLeases(TimeProvider time)
{
    private readonly Dictionary<string, (int Count, DateTimeOffset Expires)> _leases = new(StringComparer.Ordinal);

    public void Report(string frontEnd, int count, TimeSpan lease)
    {
        if (count <= 0)
        {
            _leases.Remove(frontEnd);
        }
        else
        {
            _leases[frontEnd] = (count, time.GetUtcNow() + lease);
        }
    }

    public int Total()
    {
        var now = time.GetUtcNow();
        var total = 0;
        List<string>? expired = null;
        foreach (var (frontEnd, lease) in _leases)
        {
            if (lease.Expires <= now)
            {
                (expired ??= []).Add(frontEnd);
            }
            else
            {
                total += lease.Count;
            }
        }

        expired?.ForEach(frontEnd => _leases.Remove(frontEnd));
        return total;
    }
}
