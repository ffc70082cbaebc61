namespace SseOrleans.Abstractions;

/// <summary>
/// A publish carried a publish id (over HTTP, an <c>Idempotency-Key</c>) that its namespace already took, within
/// <see cref="SseOptions.PublishIdRetention"/>, for a publish with another event name or data: nothing was
/// appended. A retry must repeat the publish exactly; a different event needs a different publish id. Not
/// retried by the <c>PublishWithRetriesAsync</c> loops, and answered <c>422</c> over HTTP.
/// </summary>
[GenerateSerializer, Alias("sse.PublishIdReusedException")]
public sealed class PublishIdReusedException : Exception
{
    public PublishIdReusedException()
    {
    }

    public PublishIdReusedException(string message)
        : base(message)
    {
    }

    public PublishIdReusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
