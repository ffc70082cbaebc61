namespace SseOrleans.FrontEnd.Admin;

/// <summary>A namespace across the cluster: subscribers of exactly it, events published to exactly it, and their rate.</summary>
internal sealed record NamespaceStatus(string Namespace, int Subscribers, long Published, double PublishedPerSecond);
