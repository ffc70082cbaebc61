using SseOrleans.FrontEnd.FanOut;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>A live connection of a <see cref="FanOutParts"/> hub and what it has written, read after a flush.</summary>
internal sealed class TestSubscriber(SseConnection connection, RecordingPipeWriter body, Task<SseConnectionEnd> run, FanOutParts parts)
{
    public SseConnection Connection => connection;

    public Task<SseConnectionEnd> Run => run;

    /// <summary>What the client has received so far (queued events written first).</summary>
    public string Text
    {
        get
        {
            parts.Scheduler.FlushDirty();
            return body.Text;
        }
    }

    /// <summary>The data of each event received, in order.</summary>
    public string[] Data => Lines("data: ");

    public string[] Ids => Lines("id: ");

    /// <summary>The comment lines received (but the preamble's).</summary>
    public string[] Comments => Lines(": ");

    /// <summary>Event data and comments, in the order received.</summary>
    public string[] DataAndComments => [.. Text.Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal) || line.StartsWith(": ", StringComparison.Ordinal))];

    private string[] Lines(string prefix) =>
        [.. Text.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => line[prefix.Length..])];
}
