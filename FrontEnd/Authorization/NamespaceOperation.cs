namespace SseOrleans.FrontEnd.Authorization;

/// <summary>What a caller wants to do with a namespace.</summary>
public enum NamespaceOperation
{
    /// <summary>Read the namespace and everything under it (<c>GET</c>/<c>HEAD /subscribe/...</c>).</summary>
    Subscribe,

    /// <summary>Publish to the namespace (<c>POST /publish/...</c>).</summary>
    Publish,
}
