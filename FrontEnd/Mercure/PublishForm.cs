using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// A publish request's form (<c>application/x-www-form-urlencoded</c>) as a <see cref="MercureUpdate"/>:
/// one or more <c>topic</c> (the first canonical), and at most one each of <c>data</c>, <c>id</c>,
/// <c>type</c> and <c>retry</c>; <c>private</c> makes the update private whatever its value, even empty
/// (Mercure's rule: <c>private=off</c> is private too). Field names are case-sensitive; other fields are
/// ignored. Every refusal is <c>400</c> with the field it is about, except data over
/// <c>Sse:MaxMessageBytes</c> (<c>413</c>) and a topic under <c>/.well-known/mercure</c> (<c>403</c>:
/// only the hub publishes there, so subscription events cannot be forged).
/// </summary>
internal static class PublishForm
{
    public const string ContentType = "application/x-www-form-urlencoded";

    /// <summary>Where the hub's own updates live: no publisher may name a topic containing it.</summary>
    public const string ReservedTopicPart = "/.well-known/mercure";

    /// <summary>True when <paramref name="contentType"/> is the form's media type (any parameters).</summary>
    public static bool IsForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(string body, int maxDataBytes, [NotNullWhen(true)] out MercureUpdate? update, [NotNullWhen(false)] out MercureRefusal? refusal)
    {
        ArgumentNullException.ThrowIfNull(body);
        update = null;
        var topics = new List<string>();
        string? data = null, id = null, type = null, retry = null;
        var isPrivate = false;
        var fields = 0;
        foreach (var pair in new QueryStringEnumerable(body))
        {
            if (++fields > MercureLimits.MaxTopics + MercureLimits.MaxOtherFields)
            {
                refusal = BadRequest($"the form has more than {MercureLimits.MaxTopics + MercureLimits.MaxOtherFields} fields");
                return false;
            }

            if (!FormText.TryDecode(pair.EncodedName.Span, out var name, out var error)
                || !FormText.TryDecode(pair.EncodedValue.Span, out var value, out error))
            {
                refusal = BadRequest($"the form is not valid {ContentType}: {error}");
                return false;
            }

            // False when a field may not take this value: a topic beyond the limit, a second data/id/type/retry.
            var accepted = name switch
            {
                "topic" => Add(topics, value),
                "data" => Set(ref data, value),
                "id" => Set(ref id, value),
                "type" => Set(ref type, value),
                "retry" => Set(ref retry, value),
                "private" => isPrivate = true, // whatever its value, repeats too
                _ => true, // fields the hub does not know are ignored
            };
            if (!accepted)
            {
                refusal = BadRequest(name == "topic"
                    ? $"an update has at most {MercureLimits.MaxTopics} topics"
                    : $"the form has more than one '{name}' field");
                return false;
            }
        }

        refusal = CheckTopics(topics) ?? CheckData(data ?? string.Empty, maxDataBytes) ?? CheckId(id) ?? CheckType(type);
        if (refusal is not null)
        {
            return false;
        }

        if (!TryParseRetry(retry, out var milliseconds))
        {
            refusal = BadRequest($"'retry' must be a whole number of milliseconds, 0 to {ulong.MaxValue}");
            return false;
        }

        update = new MercureUpdate(
            topics, data ?? string.Empty, isPrivate, string.IsNullOrEmpty(id) ? MercureIds.NewUpdateId() : id,
            string.IsNullOrEmpty(type) ? null : type, milliseconds);
        return true;
    }

    private static bool Add(List<string> topics, string topic)
    {
        topics.Add(topic);
        return topics.Count <= MercureLimits.MaxTopics;
    }

    private static bool Set(ref string? field, string value)
    {
        if (field is not null)
        {
            return false;
        }

        field = value;
        return true;
    }

    private static MercureRefusal? CheckTopics(List<string> topics)
    {
        if (topics.Count == 0)
        {
            return BadRequest("the form has no 'topic' field: an update needs at least one topic");
        }

        foreach (var topic in topics)
        {
            if (MercureTopicRules.Check(topic) is { } error)
            {
                return BadRequest(error);
            }
        }

        foreach (var topic in topics)
        {
            if (topic.Contains(ReservedTopicPart, StringComparison.Ordinal))
            {
                return new MercureRefusal(StatusCodes.Status403Forbidden, $"the topic {topic} names {ReservedTopicPart}, where only the hub publishes");
            }
        }

        return null;
    }

    private static MercureRefusal? CheckData(string data, int maxDataBytes) =>
        Encoding.UTF8.GetByteCount(data) > maxDataBytes
            ? new MercureRefusal(StatusCodes.Status413PayloadTooLarge, $"'data' is larger than Sse:MaxMessageBytes ({maxDataBytes} bytes)")
            : null;

    private static MercureRefusal? CheckId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        if (id[0] == '#')
        {
            return BadRequest("'id' must not start with '#'");
        }

        if (id == MercureIds.Earliest)
        {
            return BadRequest($"'id' must not be '{MercureIds.Earliest}': a Last-Event-ID of that value asks for every retained update");
        }

        return Encoding.UTF8.GetByteCount(id) > MercureLimits.MaxIdBytes ? BadRequest($"'id' is longer than {MercureLimits.MaxIdBytes} bytes")
            : !ProtocolText.IsClean(id) ? BadRequest("'id' contains a control or invisible format character")
            : null;
    }

    private static MercureRefusal? CheckType(string? type) =>
        string.IsNullOrEmpty(type) ? null
        : Encoding.UTF8.GetByteCount(type) > MercureLimits.MaxTypeBytes ? BadRequest($"'type' is longer than {MercureLimits.MaxTypeBytes} bytes")
        : !ProtocolText.IsClean(type) ? BadRequest("'type' contains a control or invisible format character")
        : null;

    // Digits only, as Mercure reads it (no sign, no spaces); empty is none, as is 0.
    private static bool TryParseRetry(string? text, out ulong milliseconds)
    {
        milliseconds = 0;
        return string.IsNullOrEmpty(text)
            || ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out milliseconds);
    }

    private static MercureRefusal BadRequest(string reason) => new(StatusCodes.Status400BadRequest, reason);
}
