using System.Net;

namespace SseOrleans.TestSupport;

/// <summary>
/// One publish as its publisher saw it: the final status (null when no answer came), when its first attempt
/// started and its last one ended (<see cref="System.Diagnostics.Stopwatch"/> ticks), what failed and how many
/// attempts it took.
/// </summary>
public sealed record PublishOutcome(string Path, string Data, HttpStatusCode? Status, long Started, long Finished, string? Failure, int Attempts = 1)
{
    public bool Accepted => Status == HttpStatusCode.Accepted;
}
