namespace SseOrleans.TestSupport;

/// <summary>Namespaces no other test uses, so tests that share a host or cluster do not see each other's events.</summary>
public static class TestNamespace
{
    /// <summary><paramref name="prefix"/> followed by 12 random hex digits: <c>Unique("/replay-")</c>, <c>Unique("/status/")</c>.</summary>
    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}
