using System.Text;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>What a topic (published) or a topic selector (subscribed, or in a token) must be.</summary>
internal static class MercureTopicRules
{
    /// <summary>Null when <paramref name="topic"/> can be a topic or selector, else the one-line reason.</summary>
    public static string? Check(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length == 0)
        {
            return "a topic must not be empty";
        }

        if (Encoding.UTF8.GetByteCount(topic) > MercureLimits.MaxTopicBytes)
        {
            return $"a topic is longer than {MercureLimits.MaxTopicBytes} bytes";
        }

        return ProtocolText.IsClean(topic) ? null : "a topic contains a control or invisible format character";
    }
}
