using System.Buffers;
using System.Runtime.CompilerServices;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The first bytes of a stream: the <c>retry:</c> preamble and, for a client that sends a
/// Last-Event-ID, the events it missed, preceded by a comment that says whether that is all of them.
/// The history is read in pages of at most <c>pageBytes</c> of data, the next page only once the
/// previous one has been written to the client, so a replay costs one page of memory however long it
/// is and however slowly the client reads. Read after the connection has joined its feed, so live
/// events queue meanwhile; <see cref="Cursor"/> lets the connection skip the ones the replay covered.
/// </summary>
internal sealed class StreamPrelude
{
    /// <summary>Reads one page of a namespace's history: the events after an id, at most so many bytes of data.</summary>
    public delegate Task<EventReplay> PageReader(SseEventId after, int maxBytes);

    private readonly byte[] _preamble;
    private readonly string _path;
    private readonly string? _lastEventId;
    private readonly PageReader? _readPage;
    private readonly int _pageBytes;
    private readonly Func<NamespaceEvent[], EncodedBatch> _encode;
    private EventReplay? _first;
    private SseEventId _after;
    private bool _known;

    private StreamPrelude(byte[] preamble, string path, string? lastEventId, PageReader? readPage, int pageBytes, Func<NamespaceEvent[], EncodedBatch> encode)
    {
        _preamble = preamble;
        _path = path;
        _lastEventId = lastEventId;
        _readPage = readPage;
        _pageBytes = pageBytes;
        _encode = encode;
    }

    /// <summary>Where live events start for this client: events of its epoch up to here it has.</summary>
    public SseEventId? Cursor { get; private set; }

    /// <summary>Events replayed so far.</summary>
    public int Replayed { get; private set; }

    /// <summary>
    /// The prelude of a stream to <paramref name="path"/>: replayed after <paramref name="lastEventId"/> (everything
    /// retained when it is not an id of <paramref name="path"/>; nothing when null), each page written as
    /// <paramref name="encode"/> writes it (by default as <c>/subscribe</c> does, <see cref="EncodedBatch.Encode"/>).
    /// </summary>
    public static StreamPrelude Create(
        TimeSpan retry, string path, string? lastEventId, PageReader readPage, int pageBytes, Func<NamespaceEvent[], EncodedBatch>? encode = null) =>
        new(SseWireFormat.Preamble(retry), path, lastEventId, lastEventId is null ? null : readPage, pageBytes, encode ?? (static events => EncodedBatch.Encode(events)));

    /// <summary>Reads the first page, so that a cluster that cannot answer fails the request before it has started.</summary>
    public async Task StartAsync()
    {
        if (_readPage is null)
        {
            return;
        }

        _known = SseEventId.TryParse(_lastEventId, out _after);
        _first = await _readPage(_known ? _after : default, _pageBytes);
    }

    /// <summary>The pieces to write in order: the preamble with the first page, then each further page.</summary>
    public async IAsyncEnumerable<EncodedBatch> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_first is not { } first)
        {
            yield return EncodedBatch.FromBytes(_preamble);
            yield break;
        }

        var head = new ArrayBufferWriter<byte>();
        head.Write(_preamble);
        SseWireFormat.WriteComment(head, Describe(first));
        var page = Page(first.Events);
        head.Write(page.Bytes.Span);
        Cursor = first.Events.Length > 0 ? first.Events[^1].Id
            : first.Completeness == ReplayCompleteness.Complete ? _after
            : null;
        yield return EncodedBatch.FromBytes(head.WrittenSpan.ToArray());

        while (Replayed < first.Remaining && Cursor is { } cursor)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = await _readPage!(cursor, _pageBytes);
            if (next.Events.Length == 0)
            {
                yield break;
            }

            if (next.Completeness != ReplayCompleteness.Complete)
            {
                // The history moved on between two pages (it dropped events this client had not had yet).
                var gap = new ArrayBufferWriter<byte>();
                SseWireFormat.WriteComment(gap, $"replay truncated: events after {cursor} are no longer all retained; replaying the retained");
                yield return EncodedBatch.FromBytes(gap.WrittenSpan.ToArray());
            }

            Cursor = next.Events[^1].Id;
            yield return Page(next.Events);
        }
    }

    private EncodedBatch Page(NamespaceEvent[] events)
    {
        Replayed += events.Length;
        return _encode(events);
    }

    private string Describe(EventReplay replay) => replay.Completeness switch
    {
        ReplayCompleteness.Complete => $"replaying {replay.Remaining} events after {_after}",
        ReplayCompleteness.Truncated => $"replay truncated: events after {_after} are no longer all retained; replaying the {replay.Remaining} retained",
        // Echo only an id of ours: anything else could inject lines into the stream.
        _ => $"replay: {(_known ? _after.ToString() : "the Last-Event-ID")} is not in the current history of {_path}; replaying the {replay.Remaining} retained",
    };
}
