using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// The bounds of the Mercure endpoint's input. Mercure 0.24 caps topics at 1,000 and bounds nothing else;
/// here every field is bounded, so that what one request can make the cluster do (one history write per
/// topic, one match per selector per update) is known.
/// </summary>
internal static class MercureLimits
{
    /// <summary>The most topics one update may have, and the most selectors one subscription may give.</summary>
    public const int MaxTopics = 100;

    /// <summary>The longest topic or selector, in UTF-8 bytes (a long URL).</summary>
    public const int MaxTopicBytes = 2048;

    /// <summary>The longest update id, in UTF-8 bytes: an IRI as long as a namespace may be.</summary>
    public const int MaxIdBytes = NamespacePath.MaxBytes;

    /// <summary>The longest event type, in UTF-8 bytes: the same as an event name on <c>/publish</c>.</summary>
    public const int MaxTypeBytes = SseEventRules.MaxNameBytes;

    /// <summary>Form fields beyond the topics: data, id, type, retry, private, and a few the hub ignores.</summary>
    public const int MaxOtherFields = 32;

    /// <summary>
    /// The largest publish body: every field at its limit with every byte percent-encoded (three characters
    /// each), and room for the field names. The data's own limit, <c>Sse:MaxMessageBytes</c>, is checked on
    /// the decoded text, so a client hears which limit it broke.
    /// </summary>
    public static int MaxFormBytes(int maxDataBytes) =>
        checked((3 * (maxDataBytes + (MaxTopics * MaxTopicBytes) + MaxIdBytes + MaxTypeBytes)) + 4096);
}
