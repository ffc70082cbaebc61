using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// An id a feed's namespace is known to have although the feed has not delivered it (a grain answered it, or
/// the ordering let held batches go): a repair reads on to it. A promise the history could not keep is
/// remembered and not made again, or every check would repeat the same reads.
/// </summary>
internal sealed class NamespacePromise
{
    private SseEventId _unreachable;

    /// <summary>The promised id; <c>default</c> when there is none.</summary>
    public SseEventId Id { get; private set; }

    /// <summary>True when the history could not give <paramref name="id"/> before.</summary>
    public bool IsUnreachable(SseEventId id) => id.Epoch == _unreachable.Epoch && id.Sequence <= _unreachable.Sequence;

    /// <summary>The namespace has at least <paramref name="id"/>.</summary>
    public void Raise(SseEventId id)
    {
        if (Id == default || id > Id)
        {
            Id = id;
        }
    }

    /// <summary>True while the promise is not kept by what was <paramref name="delivered"/>; a kept one is dropped.</summary>
    public bool Pending(DeliveredPosition delivered)
    {
        if (Id != default && delivered.Includes(Id))
        {
            Id = default;
        }

        return Id != default;
    }

    /// <summary>The history cannot give <paramref name="promised"/> (the promise as a read began): it is void.</summary>
    public void Break(SseEventId promised)
    {
        if (promised == default)
        {
            return;
        }

        _unreachable = promised;
        if (Id == promised)
        {
            Id = default;
        }
    }
}
