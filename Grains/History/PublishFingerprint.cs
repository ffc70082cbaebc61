using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace SseOrleans.Grains.History;

/// <summary>
/// What tells a retry from a different publish under the same publish id: a hash of everything the publish
/// carries besides its target (name, data, and an update's further targets and Mercure fields), stored with
/// the publish id instead of the data itself. XxHash128 (System.IO.Hashing, which Orleans already brings):
/// fast, and stable across processes and machines, as a fingerprint kept in Redis must be.
/// </summary>
internal static class PublishFingerprint
{
    public static UInt128 Of(in PublishRequest request)
    {
        var hash = new XxHash128();
        Append(hash, request.Name);
        Append(hash, request.Data);
        foreach (var target in request.MoreTargets ?? [])
        {
            Append(hash, target);
        }

        if (request.Mercure is { } mercure)
        {
            Append(hash, mercure.Id);
            foreach (var topic in mercure.Topics)
            {
                Append(hash, topic);
            }

            Append(hash, mercure.Private ? "private" : null);
            Append(hash, (long)mercure.Retry);
        }

        return hash.GetCurrentHashAsUInt128();
    }

    /// <summary>32 lowercase hex digits, as the Redis history stores it.</summary>
    public static string Text(UInt128 fingerprint) => fingerprint.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    // Length first, so that ("ab", "c") and ("a", "bc") differ, and null differs from empty.
    private static void Append(XxHash128 hash, string? text)
    {
        Append(hash, text?.Length ?? -1);
        hash.Append(MemoryMarshal.AsBytes(text.AsSpan()));
    }

    private static void Append(XxHash128 hash, long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        hash.Append(bytes);
    }
}
