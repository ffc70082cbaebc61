using System.Text.Json.Serialization;

namespace SseOrleans.FrontEnd.Mercure;

[JsonSerializable(typeof(SubscriptionDocument))]
[JsonSerializable(typeof(SubscriptionCollection))]
internal sealed partial class MercureJsonContext : JsonSerializerContext;
