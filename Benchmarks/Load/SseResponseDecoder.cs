using System.Buffers.Text;
using System.Text;

namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// One subscriber's incremental decoder: HTTP/1.1 response head, chunked transfer coding, then the
/// event stream, scanned line by line for the first <c>data:</c> line of each event, whose payload
/// starts with <c>"{sequence} {publish timestamp} "</c> (see <see cref="Payload"/>). Counting and
/// latency recording allocate nothing; bytes are copied only when a line straddles two reads.
/// </summary>
internal sealed class SseResponseDecoder(MeasurementWindow window, LatencyHistogram latency)
{
    private const int MaxHeadBytes = 8192;
    private const int LinePrefixBytes = 96;
    private readonly byte[] _head = new byte[MaxHeadBytes];
    private readonly byte[] _line = new byte[LinePrefixBytes];
    private State _state;
    private int _headLength;
    private bool _chunked;
    private long _chunkRemaining;
    private int _lineLength;
    private bool _carrying;
    private bool _eventCounted;
    private long _now;
    private long _delivered;
    private long _inWindow;

    private enum State { Head, ChunkSize, ChunkExtension, ChunkSizeEnd, ChunkData, ChunkDataCr, ChunkDataLf, Identity, Ended, Failed }

    /// <summary>The HTTP status of the current response, 0 until its head is read.</summary>
    public int Status { get; private set; }

    /// <summary>Why the stream was refused or could not be read, if it was.</summary>
    public string? Failure { get; private set; }

    /// <summary>The Stopwatch timestamp of the read that brought the <c>retry:</c> line; 0 before.</summary>
    public long RetryTimestamp { get; private set; }

    /// <summary>Events received (all sequences), over every connection attempt.</summary>
    public long Delivered => Volatile.Read(ref _delivered);

    /// <summary>Events received whose sequence is in the measurement window since the last reset.</summary>
    public long InWindow => Volatile.Read(ref _inWindow);

    public void ResetWindowCount() => Volatile.Write(ref _inWindow, 0);

    /// <summary>Starts a new response (a new connection attempt); the counters go on.</summary>
    public void Restart()
    {
        _state = State.Head;
        _headLength = 0;
        _chunked = false;
        _chunkRemaining = 0;
        _lineLength = 0;
        _carrying = false;
        _eventCounted = false;
        Status = 0;
        Failure = null;
        RetryTimestamp = 0;
    }

    /// <summary>Decodes one read; false once the response has ended or cannot be decoded.</summary>
    public bool Feed(ReadOnlySpan<byte> bytes, long now)
    {
        _now = now;
        while (!bytes.IsEmpty)
        {
            switch (_state)
            {
                case State.Head:
                    bytes = ReadHead(bytes);
                    break;
                case State.Identity:
                    ScanLines(bytes);
                    return true;
                case State.ChunkData:
                    var take = (int)Math.Min(_chunkRemaining, bytes.Length);
                    ScanLines(bytes[..take]);
                    _chunkRemaining -= take;
                    bytes = bytes[take..];
                    if (_chunkRemaining == 0)
                    {
                        _state = State.ChunkDataCr;
                    }

                    break;
                case State.Ended:
                case State.Failed:
                    return false;
                default:
                    ReadChunkFraming(bytes[0]);
                    bytes = bytes[1..];
                    break;
            }
        }

        return _state is not (State.Ended or State.Failed);
    }

    private ReadOnlySpan<byte> ReadHead(ReadOnlySpan<byte> bytes)
    {
        var copied = Math.Min(bytes.Length, MaxHeadBytes - _headLength);
        var searchFrom = Math.Max(0, _headLength - 3);
        bytes[..copied].CopyTo(_head.AsSpan(_headLength));
        _headLength += copied;
        var end = _head.AsSpan(searchFrom, _headLength - searchFrom).IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            if (_headLength == MaxHeadBytes)
            {
                Fail("response head is larger than 8 KiB");
            }

            return [];
        }

        var headEnd = searchFrom + end + 4;
        var head = Encoding.ASCII.GetString(_head, 0, headEnd);
        if (head.Length < 12 || !head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || !int.TryParse(head.AsSpan(9, 3), out var status))
        {
            Fail("not an HTTP/1.1 response");
            return [];
        }

        Status = status;
        if (status != 200)
        {
            var lineEnd = head.IndexOf('\r', StringComparison.Ordinal);
            Fail(head[..lineEnd]);
            return [];
        }

        _chunked = head.Contains("\r\nTransfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        _state = _chunked ? State.ChunkSize : State.Identity;
        _chunkRemaining = 0;

        // What followed the head in this read is body.
        var consumedBefore = _headLength - copied;
        return bytes[(headEnd - consumedBefore)..];
    }

    private void ReadChunkFraming(byte b)
    {
        switch (_state)
        {
            case State.ChunkSize:
                if (b == (byte)'\r')
                {
                    _state = State.ChunkSizeEnd;
                }
                else if (b == (byte)';')
                {
                    _state = State.ChunkExtension;
                }
                else if (HexValue(b) is var digit and >= 0)
                {
                    _chunkRemaining = (_chunkRemaining << 4) | (uint)digit;
                }
                else
                {
                    Fail("bad chunk size");
                }

                break;
            case State.ChunkExtension:
                if (b == (byte)'\r')
                {
                    _state = State.ChunkSizeEnd;
                }

                break;
            case State.ChunkSizeEnd:
                if (b != (byte)'\n')
                {
                    Fail("bad chunk size line");
                }
                else
                {
                    _state = _chunkRemaining == 0 ? State.Ended : State.ChunkData;
                }

                break;
            case State.ChunkDataCr:
                _state = b == (byte)'\r' ? State.ChunkDataLf : Fail("chunk not followed by CRLF");
                break;
            case State.ChunkDataLf:
                _state = b == (byte)'\n' ? State.ChunkSize : Fail("chunk not followed by CRLF");
                break;
            default:
                Fail("decoder state");
                break;
        }
    }

    private void ScanLines(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Carry(bytes);
                return;
            }

            if (_carrying)
            {
                Carry(bytes[..newline]);
                Line(_line.AsSpan(0, _lineLength));
                _lineLength = 0;
                _carrying = false;
            }
            else
            {
                Line(bytes[..newline]);
            }

            bytes = bytes[(newline + 1)..];
        }
    }

    /// <summary>Keeps the start of a line that continues in the next read: only its prefix matters.</summary>
    private void Carry(ReadOnlySpan<byte> part)
    {
        _carrying = true;
        var room = LinePrefixBytes - _lineLength;
        if (room > 0)
        {
            var take = Math.Min(room, part.Length);
            part[..take].CopyTo(_line.AsSpan(_lineLength));
            _lineLength += take;
        }
    }

    private void Line(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line is [(byte)'\r'])
        {
            _eventCounted = false;
            return;
        }

        if (line[0] == (byte)'d')
        {
            if (!_eventCounted && line.StartsWith("data: "u8))
            {
                Payload(line[6..]);
            }
        }
        else if (line[0] == (byte)'r' && RetryTimestamp == 0 && line.StartsWith("retry:"u8))
        {
            RetryTimestamp = _now;
        }
    }

    /// <summary>Parses <c>"{sequence} {timestamp} ..."</c>; other payloads are not counted.</summary>
    private void Payload(ReadOnlySpan<byte> data)
    {
        if (!Utf8Parser.TryParse(data, out long sequence, out var used) || used >= data.Length || data[used] != (byte)' ')
        {
            return;
        }

        data = data[(used + 1)..];
        if (!Utf8Parser.TryParse(data, out long timestamp, out _))
        {
            return;
        }

        _eventCounted = true;
        Volatile.Write(ref _delivered, _delivered + 1);
        if (window.Contains(sequence))
        {
            Volatile.Write(ref _inWindow, _inWindow + 1);
            latency.RecordTicks(_now - timestamp);
        }
    }

    private State Fail(string reason)
    {
        Failure ??= reason;
        _state = State.Failed;
        return State.Failed;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
