namespace SseOrleans.FrontEnd.Mercure;

/// <summary>The identifiers the hub makes, and the one it reserves.</summary>
internal static class MercureIds
{
    /// <summary>The <c>Last-Event-ID</c> that asks for everything retained, and the answer when nothing precedes a replay.</summary>
    public const string Earliest = "earliest";

    /// <summary>An update's id when its publisher gave none: a time-ordered UUID, as Mercure makes them.</summary>
    public static string NewUpdateId() => "urn:uuid:" + Guid.CreateVersion7().ToString();

    /// <summary>A subscriber's id, the same for every subscription of one connection.</summary>
    public static string NewSubscriberId() => "urn:uuid:" + Guid.NewGuid().ToString();
}
