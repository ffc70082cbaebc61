using System.Buffers;
using System.Text.Json;

namespace SseOrleans.Abstractions;

/// <summary>
/// One active Mercure subscription as a front-end reports it to <see cref="IMercureSubscriptionsGrain"/>: its
/// <see cref="Id"/> (<c>/.well-known/mercure/subscriptions/{topic}/{subscriber}</c>, also the topic of the events
/// about it), the selector and subscriber id it stands for, the raw JSON of its token's <c>mercure.payload</c>
/// (null when none), and the <see cref="Namespace"/> its events are published to.
/// </summary>
[GenerateSerializer, Immutable, Alias("sse.MercureSubscriptionEntry")]
public sealed record MercureSubscriptionEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Selector,
    [property: Id(2)] string Subscriber,
    [property: Id(3)] string? Payload,
    [property: Id(4)] string Namespace)
{
    /// <summary>The JSON-LD context of every Mercure document.</summary>
    public const string JsonLdContext = "https://mercure.rocks/";

    /// <summary>
    /// The data of the private update published when this subscription starts (<paramref name="active"/>) or
    /// ends: Mercure 0.24's JSON-LD subscription document. Written here, beside the entry, because both the
    /// front-end (connect, disconnect) and the grain (a front-end's lease that ran out) publish it.
    /// </summary>
    public string EventData(bool active)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("@context", JsonLdContext);
            json.WriteString("id", Id);
            json.WriteString("type", "Subscription");
            json.WriteString("topic", Selector);
            json.WriteString("subscriber", Subscriber);
            json.WriteBoolean("active", active);
            if (Payload is not null)
            {
                json.WritePropertyName("payload");
                json.WriteRawValue(Payload);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
