namespace SseOrleans.Abstractions;

/// <summary><c>Sse:Mercure</c>: the Mercure hub at <c>/.well-known/mercure</c>.</summary>
public sealed class SseMercureOptions
{
    /// <summary>Whether <c>MapSse</c> maps the hub (on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The namespace under which every topic lives (<c>/mercure</c>): a topic's updates are published to a
    /// namespace below it, so <c>/subscribe</c> and the admin page show them there.
    /// </summary>
    public string Namespace { get; set; } = "/mercure";
}
