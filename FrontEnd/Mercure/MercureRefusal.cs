namespace SseOrleans.FrontEnd.Mercure;

/// <summary>Why the hub refuses a request: the status to answer with and its one-line reason.</summary>
internal sealed record MercureRefusal(int StatusCode, string Reason);
